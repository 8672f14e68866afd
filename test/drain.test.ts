import assert from 'node:assert/strict';
import http from 'node:http';
import { createScratchDatabase } from './support/test-database.js';
import { startServerProcess } from './support/server-process.js';

interface Outcome {
  status?: number;
  draining?: boolean;
  closes?: boolean;
  error?: string;
  /** Whether the request went on a connection that had carried an answer already. */
  reused?: boolean;
  afterStop: boolean;
}

/** One request on a keep-alive agent, as a load balancer or a busy client sends it. */
function request(agent: http.Agent, port: number, path: string, stopped: () => boolean) {
  return new Promise<Outcome>((resolve) => {
    const body = JSON.stringify({ echo: 'x' });
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: path === '/api/health' ? 'GET' : 'POST',
        headers: path === '/api/health' ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            draining: path === '/api/health' && text.includes('"draining"'),
            closes: res.headers.connection === 'close',
            afterStop: stopped(),
          }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        error: error.code ?? error.message,
        reused: req.reusedSocket,
        afterStop: stopped(),
      }),
    );
    req.end(path === '/api/health' ? undefined : body);
  });
}

/**
 * 40 clients on keep-alive connections, each sending its next request as soon as the
 * last is answered, against a server process stopped with SIGTERM half a second in.
 * `pathOf` says what each client asks. With `movesAway`, the load balancer sends no
 * more traffic 300 ms after its first outcome that says the node is draining. Answers
 * every outcome, in the order the answers came, once the process has exited with 0.
 */
async function stopUnderLoad(
  databaseUrl: string,
  graceMs: number,
  pathOf: (client: number) => string,
  movesAway = false,
): Promise<Outcome[]> {
  const server = await startServerProcess({
    DATABASE_URL: databaseUrl,
    SHUTDOWN_GRACE_MS: String(graceMs),
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 40 });
  let stopped = false;
  let movedAway = false;
  const outcomes: Outcome[] = [];
  const clients = Array.from({ length: 40 }, async (_, i) => {
    while (!movedAway) {
      const outcome = await request(agent, server.port, pathOf(i), () => stopped);
      outcomes.push(outcome);
      if (movesAway && outcome.draining && !movedAway) setTimeout(() => (movedAway = true), 300);
      if (outcome.error) return;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  stopped = true;
  server.child.kill('SIGTERM');
  await Promise.all(clients);
  agent.destroy();
  assert.equal(await server.exited, 0);
  return outcomes;
}

describe('stopping under load', function () {
  this.timeout(60_000);
  // A database of its own: a server starting on a fresh one migrates and seeds it.
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  before(async () => {
    scratch = await createScratchDatabase();
  });
  after(() => scratch.drop());

  it('answers every request that reached the server, with health at 503 during the grace period', async () => {
    // Ten of the clients are the load balancer's health checks; it moves away well
    // inside the grace period.
    const outcomes = await stopUnderLoad(
      scratch.url,
      1500,
      (client) => (client % 4 === 0 ? '/api/health' : '/api/system/ping'),
      true,
    );
    assert.deepEqual(
      outcomes.filter((o) => o.error),
      [],
      'every request was answered',
    );
    const served = outcomes.filter((o) => o.afterStop);
    assert.ok(served.length >= 40, `kept serving after SIGTERM (${served.length})`);
    assert.ok(
      served.some((o) => o.status === 503 && o.draining),
      'health says draining with a 503',
    );
    // Outcomes are in the order their answers came.
    const draining = outcomes.slice(outcomes.findIndex((o) => o.draining));
    assert.ok(
      draining.every((o) => o.closes),
      'every answer once draining closes its connection',
    );
    assert.ok(
      outcomes.filter((o) => !o.afterStop).every((o) => o.status === 200),
      'all well before the stop',
    );
  });

  // No grace period (outside production): the load keeps coming until the listener
  // closes. A request sent on a connection the server has been answering is answered;
  // a new connection may be refused, or reset if it was still waiting in the listener's
  // queue when the listener closed (the process never saw it: TCP's own doing).
  it('with no grace period, answers every request sent on a connection it was serving', async () => {
    const outcomes = await stopUnderLoad(scratch.url, 0, () => '/api/system/ping');
    assert.deepEqual(
      outcomes.filter((o) => o.error && o.reused),
      [],
      'no request on an open connection was cut',
    );
    assert.ok(
      outcomes.some((o) => o.afterStop && o.status === 200),
      'served after SIGTERM',
    );
  });

  it('a grace period longer than the shutdown timeout still ends in a clean exit', async () => {
    const server = await startServerProcess({
      DATABASE_URL: scratch.url,
      SHUTDOWN_GRACE_MS: '6000',
      SHUTDOWN_TIMEOUT_MS: '500',
    });
    const started = Date.now();
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.ok(Date.now() - started >= 6000, 'it served through the grace period');
    assert.ok(server.lines.some((line) => line.msg === 'shutdown complete'));
  });
});
