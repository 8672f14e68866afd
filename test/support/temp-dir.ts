import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A temporary directory for a suite (or, with `each`, for every test), removed after it.
 * Read `.path` inside hooks and tests.
 */
export function useTempDir(
  prefix: string,
  options: { each?: boolean } = {},
): { readonly path: string } {
  const holder = { path: '' };
  (options.each ? beforeEach : before)(async () => {
    holder.path = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  });
  (options.each ? afterEach : after)(async () => {
    await rm(holder.path, { recursive: true, force: true });
  });
  return holder;
}
