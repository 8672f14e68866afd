// Live seat maps with many subscribed sockets, against a bare Socket.IO server: the time
// for all of them to subscribe (Seats answers each with the map's snapshot; the bare one
// joins a room), the memory an idle subscribed socket costs the server, and the delay
// from a hold's 201 to each socket's `seats.changed` (bare: trigger's 2xx → receipt).
import type { BenchContext } from '../context.js';
import type { SocketsResult } from '../load/sockets.js';
import { runLoad, type ServerProcess } from '../processes.js';
import type { Line } from '../report.js';
import { repeat, say, SEAT_BLOCKS, type Row } from './shared.js';

interface Measured extends SocketsResult {
  rssPerSocketKB: number;
  heapPerSocketKB: number;
}

async function measure(ctx: BenchContext, kind: 'seats' | 'bare', server: ServerProcess) {
  const count = ctx.sizes.sockets;
  const before = await server.memory();
  const load = runLoad<SocketsResult>('sockets.ts', {
    kind,
    base: server.url,
    fixture: ctx.fixtureFile,
    user: 0,
    eventId: ctx.fixture.eventId,
    count,
    pushes: ctx.sizes.pushes,
    seatIds: ctx.seats(SEAT_BLOCKS.sockets, 40),
  });
  await load.phase('subscribed');
  // Idle: a moment for the snapshots' buffers to be let go, then a full GC in the server.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = await server.memory();
  load.send('go');
  const result = await load.result;
  return {
    ...result,
    rssPerSocketKB: (after.rss - before.rss) / count / 1024,
    heapPerSocketKB: (after.heapUsed - before.heapUsed) / count / 1024,
  } satisfies Measured;
}

export const sockets: Row = {
  id: 'sockets',
  also: ['fanout', 'subscribe', 'memory', 'live-seats'],
  async run(ctx) {
    const seats = await ctx.server('seats');
    const bare = await ctx.server('bare-broadcast');
    const runs: Measured[] = [];
    const bareRuns = await repeat(ctx, async () => {
      runs.push(await measure(ctx, 'seats', seats));
      return measure(ctx, 'bare', bare);
    });
    for (const run of [...runs, ...bareRuns])
      if (run.missing) say(`WARNING sockets: ${run.missing} pushes never arrived`);
    const n = ctx.sizes.sockets;
    const line = (
      row: string,
      label: string,
      unit: string,
      of: (run: Measured) => number,
    ): Line => ({
      row,
      label,
      unit,
      figures: runs.map(of),
      baseline: { label: 'bare Socket.IO', figures: bareRuns.map(of) },
    });
    return [
      {
        ...line(
          'fanout',
          `hold 201 → seats.changed at ${n} sockets: p50`,
          'ms',
          (r) => r.delay.p50,
        ),
        details: { seats: runs, bare: bareRuns },
      },
      line('fanout', `hold 201 → seats.changed at ${n} sockets: p99`, 'ms', (r) => r.delay.p99),
      line(
        'subscribe',
        `${n} sockets subscribing (with snapshot): total`,
        'ms',
        (r) => r.subscribeMs,
      ),
      {
        // Against the bare join's whole time: the least the 2× goal could be held to.
        row: 'subscribe',
        label: `${n} sockets: the client's own decoding of those snapshots (message + ack)`,
        unit: 'ms',
        figures: runs.map((r) => r.decodeMs),
        baseline: { label: 'bare Socket.IO join', figures: bareRuns.map((r) => r.subscribeMs) },
      },
      {
        // RSS moves by whole pages and keeps what the snapshots' burst took: kept, not shown.
        ...line(
          'memory',
          'memory per idle subscribed socket (heap)',
          'KB',
          (r) => r.heapPerSocketKB,
        ),
        details: {
          rssPerSocketKB: runs.map((r) => r.rssPerSocketKB),
          bareRssPerSocketKB: bareRuns.map((r) => r.rssPerSocketKB),
        },
      },
    ];
  },
};
