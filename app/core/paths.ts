import path from 'node:path';

// This file sits at app/core/ both in the source tree and in the build output, so the
// project root (views/, public/, migrations/) is two levels up in either case.
export const ROOT_DIR = path.resolve(import.meta.dirname, '../..');

/** `.ts` when running from source (tsx), `.js` when running the compiled build. */
export const SOURCE_EXTENSION = path.extname(import.meta.filename);
