import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('the test reporter', () => {
  it('ends with the plain count CI reads, from mocha’s own results', async () => {
    const result = await run(process.execPath, [
      'node_modules/mocha/bin/mocha.js',
      '--no-config',
      '--reporter',
      'test/support/reporter.cjs',
      'test/fixtures/reporter/sample.cjs',
    ]).catch((error: { stdout: string; code: number }) => error);
    assert.equal((result as { code?: number }).code, 1, 'mocha exits non-zero on a failure');
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), '1 passed, 1 failed, 1 skipped');
  });
});
