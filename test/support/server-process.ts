import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  lines: Array<Record<string, unknown>>;
  stderr: () => string;
  exited: Promise<number | null>;
  waitForLog(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
}

// Children still running when the test process exits (a failed test, mocha --exit)
// are killed rather than left behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Runs the server as a real child process with only the given environment on top of
 * PATH and HOME, and waits until it listens. By default it runs `app/server.ts` as
 * `npm start` does; `cwd` and `args` run another layout, such as the compiled build.
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: {
    cwd?: string;
    args?: string[];
    timeoutMs?: number;
    /** The log line to wait for before returning; by default the "listening" line. */
    readyWhen?: (line: Record<string, unknown>) => boolean;
  } = {},
): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawn(process.execPath, options.args ?? ['--import', 'tsx', 'app/server.ts'], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      lines.push({ msg: text });
    }
    for (const wake of waiters) wake();
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      for (const wake of waiters) wake();
      resolve(code);
    }),
  );

  const waitForLog: ServerProcess['waitForLog'] = (match, wait = timeoutMs) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = lines.find(match);
        if (found) {
          finish();
          resolve(found);
        } else if (child.exitCode !== null) {
          finish();
          reject(
            new Error(
              `server exited (${child.exitCode}) before the expected log line.\n${stderr}\n${JSON.stringify(lines.slice(-5))}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `no expected log line within ${wait} ms: ${JSON.stringify(lines.slice(-5))}\n${stderr}`,
          ),
        );
      }, wait);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const process_: ServerProcess = {
    child,
    port: 0,
    lines,
    stderr: () => stderr,
    exited,
    waitForLog,
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  const listening = await waitForLog(
    options.readyWhen ?? ((line) => String(line.msg).startsWith('Seats is listening')),
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  process_.port = Number(listening.port ?? 0);
  return process_;
}
