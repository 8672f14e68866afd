// Hold 4 seats, then release them, over and over: each user has seats of their own, so
// nobody competes and what is measured is the cost of a hold and a release.
import type { Summary } from '../stats.js';
import { Recorder, args, closedLoop, connect, finish, phase, type TargetInput } from './client.js';
import { fixtureUsers, holdIdOf, holdTarget } from './targets.js';

const input = args<
  TargetInput & {
    users: number;
    /** Seat ids, four per user. */
    seatIds: number[];
    warmupMs: number;
    durationMs: number;
  }
>();
const users = fixtureUsers(input.fixture, 0, input.users);
const pool = connect(input.base, input.users);
const target = holdTarget(input.kind, pool);
const recorder = new Recorder();
let cpuAtRecording: NodeJS.CpuUsage | undefined;

const { completed, seconds } = await closedLoop(
  input.users,
  input.warmupMs,
  input.durationMs,
  async (worker, recording) => {
    const user = users[worker]!;
    const seats = input.seatIds.slice(worker * 4, worker * 4 + 4);
    const held = await target.hold(user, input.eventId, seats);
    if (held.status !== 201) {
      if (recording) recorder.error(held);
      return;
    }
    const released = await target.release(user, holdIdOf(held));
    if (!recording) return;
    if (released.status !== 200) recorder.error(released);
    recorder.add('hold', held.ms);
    recorder.add('release', released.ms);
  },
  // The bench reads the server's CPU time here and at the end; this process reads its own.
  () => {
    cpuAtRecording = process.cpuUsage();
    phase('recording');
  },
);
const cpu = process.cpuUsage(cpuAtRecording);
await pool.close();
export interface HoldResult {
  cyclesPerSecond: number;
  /** Cycles in the timed part, failed ones included (they cost CPU too). */
  completed: number;
  latency: Record<string, Summary>;
  errors: Record<string, number>;
  /** This process's own CPU time in the timed part. */
  cpuMs: number;
}
finish({
  cyclesPerSecond: (completed - recorder.errorCount) / seconds,
  completed,
  latency: recorder.summary(),
  errors: recorder.errors,
  cpuMs: (cpu.user + cpu.system) / 1000,
} satisfies HoldResult);
