import type { Sequelize } from 'sequelize';
import type { Hall } from '../app/models/index.js';
import { TEST_SECRET_KEY } from '../test/support/secrets.js';
import { sizes } from './config.js';
import type { BenchDatabase } from './database.js';
import { startServer, type ServerProcess } from './processes.js';
import type { Fixture } from './seed.js';

export type ServerName = 'seats' | 'bare-hold' | 'bare-broadcast' | 'hello';

/**
 * Seats' environment in the bench: production mode with its default pool (DB_POOL_MAX),
 * logs off, and the anti-hoarding limits out of the way of a few clients that hold
 * thousands of times a minute from one address. The limits' counters still run, and cost
 * what they cost; the cool-down query too (HOLD_COOLDOWN_SECONDS=0 only lets a user take
 * back seats they just released, which the hold rows do on every turn).
 */
export function seatsEnv(databaseUrl: string, extra: Record<string, string> = {}) {
  return {
    NODE_ENV: 'production',
    // Logs cost what they cost; `BENCH_LOG_LEVEL=error` shows why a row failed.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    SECRET_KEY: TEST_SECRET_KEY,
    SOCKET_MESSAGES_PER_SECOND: '1000000',
    HOLD_ATTEMPTS_PER_MINUTE: '1000000',
    HOLD_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '1000000',
    HOLD_COOLDOWN_SECONDS: '0',
    // Stop at once when the bench is done: no load balancer to drain from.
    SHUTDOWN_GRACE_MS: '0',
    // BENCH_SEATS_<NAME>=value sets NAME for Seats, to compare a setting in one command.
    ...Object.fromEntries(
      Object.entries(process.env)
        .filter(([name]) => name.startsWith('BENCH_SEATS_'))
        .map(([name, value]) => [name.slice('BENCH_SEATS_'.length), value ?? '']),
    ),
    ...extra,
  };
}

/** A baseline server's environment, on the database at `url`. */
export function baselineEnv(url: string) {
  return {
    BENCH_BARE_DATABASE_URL: url,
    DB_POOL_MAX: '10',
    // The bare hold server calls Seats' statements with the rules Seats runs with.
    BENCH_SEATS_ENV: JSON.stringify(seatsEnv(url)),
  };
}

const SCRIPTS: Record<ServerName, string> = {
  seats: 'seats-process.ts',
  'bare-hold': 'baselines/bare-hold.ts',
  'bare-broadcast': 'baselines/bare-broadcast.ts',
  hello: 'baselines/hello.ts',
};

/** What a row gets: the database, the seeded data, and the servers, each started once. */
export class BenchContext {
  readonly sizes = sizes;
  readonly #servers = new Map<string, Promise<ServerProcess>>();
  readonly #memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly db: BenchDatabase,
    readonly sequelize: Sequelize,
    readonly fixture: Fixture,
    readonly fixtureFile: string,
    readonly onSaleHall: Hall,
    readonly mainHall: Hall,
  ) {}

  /** `count` seats of the main event from `from` on: each row has a block of its own. */
  seats(from: number, count: number): number[] {
    const seats = this.fixture.seatIds.slice(from, from + count);
    if (seats.length < count) throw new Error(`the main event has no seats ${from}+${count}`);
    return seats;
  }

  server(name: ServerName): Promise<ServerProcess> {
    let started = this.#servers.get(name);
    if (!started) {
      const env = name === 'seats' ? seatsEnv(this.db.url) : baselineEnv(this.db.url);
      started = startServer(name, SCRIPTS[name], env);
      this.#servers.set(name, started);
    }
    return started;
  }

  /** A measurement several rows compare with (hello-world, the bare hold), taken once. */
  once<T>(key: string, measure: () => Promise<T>): Promise<T> {
    let value = this.#memo.get(key) as Promise<T> | undefined;
    if (!value) this.#memo.set(key, (value = measure()));
    return value;
  }

  /** Keeps a measurement `once` would take, when a row took it along with its own. */
  offer<T>(key: string, value: T): void {
    if (!this.#memo.has(key)) this.#memo.set(key, Promise.resolve(value));
  }

  /** What each server started so far printed lately, for a row that failed. */
  async serverOutputs(): Promise<Array<{ name: string; text: string }>> {
    const servers = await Promise.allSettled(this.#servers.values());
    return servers.flatMap((server) =>
      server.status === 'fulfilled' && server.value.output().trim()
        ? [{ name: server.value.name, text: server.value.output().trim() }]
        : [],
    );
  }

  async stop(): Promise<void> {
    const servers = await Promise.allSettled(this.#servers.values());
    await Promise.all(
      servers.map((server) => (server.status === 'fulfilled' ? server.value.stop() : undefined)),
    );
  }
}
