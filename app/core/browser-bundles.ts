import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

export interface Bundle {
  code: string;
  hash: string;
}

interface Built extends Bundle {
  /** Every file the bundle was made from, with its modification time then. */
  inputs: Array<[string, number]>;
}

const mtime = (file: string) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;

/**
 * Browser scripts written in TypeScript: each entry is bundled, with what it imports
 * from app/shared, into one small script, once per process. With `watch`, a bundle is
 * made again when one of its files changed, so a page reload shows an edit.
 */
export function createBundler(options: { watch: boolean }) {
  const built = new Map<string, Built>();
  return function bundle(entry: string): Bundle {
    const cached = built.get(entry);
    if (cached && !(options.watch && cached.inputs.some(([file, time]) => mtime(file) !== time)))
      return cached;
    const result = buildSync({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2020',
      minify: true,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: path.dirname(entry),
    });
    const code = result.outputFiles[0]!.text;
    const inputs = Object.keys(result.metafile.inputs).map((file): [string, number] => {
      const absolute = path.resolve(path.dirname(entry), file);
      return [absolute, mtime(absolute)];
    });
    const made = {
      code,
      hash: createHash('sha256').update(code).digest('hex').slice(0, 12),
      inputs,
    };
    built.set(entry, made);
    return made;
  };
}
