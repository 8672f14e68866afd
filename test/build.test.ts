import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, symlink } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createScratchDatabase } from './support/test-database.js';
import { startServerProcess } from './support/server-process.js';
import { useTempDir } from './support/temp-dir.js';
import { TEST_SECRET_KEY } from './support/secrets.js';

const run = promisify(execFile);

// The Dockerfile's runtime stage, without Docker: the compiled build laid out as in
// /app, run with plain node. Catches what only breaks once TypeScript is compiled.
describe('the production build', function () {
  this.timeout(120_000);
  const tmp = useTempDir('seats-build');

  it('compiles and serves from the runtime image layout', async () => {
    const dist = path.join(tmp.path, 'dist');
    await run(process.execPath, [
      'node_modules/typescript/bin/tsc',
      '-p',
      'tsconfig.build.json',
      '--outDir',
      dist,
    ]);
    const app = path.join(tmp.path, 'app');
    await cp(dist, app, { recursive: true });
    await cp('package.json', path.join(app, 'package.json'));
    await cp('views', path.join(app, 'views'), { recursive: true });
    await cp('public', path.join(app, 'public'), { recursive: true });
    await symlink(path.resolve('node_modules'), path.join(app, 'node_modules'));

    const scratch = await createScratchDatabase();
    const server = await startServerProcess(
      { NODE_ENV: 'production', DATABASE_URL: scratch.url, SECRET_KEY: TEST_SECRET_KEY },
      { cwd: app, args: ['app/server.js'] },
    );
    try {
      const base = `http://127.0.0.1:${server.port}`;
      assert.equal((await fetch(`${base}/api/health`)).status, 200);
      const home = await fetch(`${base}/`);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /site\.css\?v=/);
      const editor = await fetch(`${base}/js/layout-editor.js`);
      assert.equal(editor.status, 200, 'browser scripts bundle from the compiled app/shared');
      assert.match(await editor.text(), /seats per row|seats_per_row/);
      const migrated = server.lines.find((line) => String(line.msg).startsWith('migrations:'));
      const sources = readdirSync('migrations').filter((file) => file.endsWith('.ts')).length;
      assert.equal(
        migrated?.msg,
        `migrations: ${sources} applied`,
        'the compiled migrations are found',
      );
    } finally {
      server.child.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0);
    await scratch.drop();
  });
});
