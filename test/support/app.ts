import type { AddressInfo } from 'node:net';
import type { Sequelize } from 'sequelize';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createSeatsServer, type SeatsServer } from '../../app/app.js';
import { loadConfig, type Config } from '../../app/core/config.js';
import type { Logger } from '../../app/core/logger.js';
import { createMethodRegistry } from '../../app/registry.js';
import type { MethodRegistry } from '../../app/methods/registry.js';
import { resetDatabase, testDatabaseUrl, testSequelize } from './db.js';
import { TEST_SECRET_KEY } from './secrets.js';
import { silentLogger } from './logger.js';

export interface TestApp extends SeatsServer {
  baseUrl: string;
  config: Config;
  /** A supertest client for this server. */
  http(): TestAgent;
}

export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    SECRET_KEY: TEST_SECRET_KEY,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    PUBLIC_URL: 'http://127.0.0.1',
    // Tests sweep when they mean to (sweepExpired), so an expiry is seen before any sweep.
    SWEEP_INTERVAL_MS: '0',
    ...env,
  });
}

/** The whole server (HTTP + Socket.IO) on an ephemeral loopback port. */
export async function startTestApp(
  options: {
    env?: NodeJS.ProcessEnv;
    logger?: Logger;
    sequelize?: Sequelize;
    registry?: MethodRegistry;
  } = {},
): Promise<TestApp> {
  const config = testConfig(options.env);
  const seats = createSeatsServer({
    config,
    logger: options.logger ?? silentLogger(),
    sequelize: options.sequelize ?? testSequelize(),
    databaseUrl: testDatabaseUrl(),
    registry: options.registry ?? createMethodRegistry(),
  });
  await new Promise<void>((resolve) => seats.server.listen(0, '127.0.0.1', resolve));
  const { port } = seats.server.address() as AddressInfo;
  return {
    ...seats,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    http: () => request(seats.server),
  };
}

/**
 * For a test file: empty tables and a running server before its tests, the server
 * closed after them. Read the app from the returned holder inside tests.
 */
export function useTestApp(options: Parameters<typeof startTestApp>[0] = {}): { current: TestApp } {
  const holder = {} as { current: TestApp };
  before(async () => {
    await resetDatabase();
    holder.current = await startTestApp(options);
  });
  after(async () => {
    await holder.current?.close();
  });
  return holder;
}
