import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { createBundler } from './browser-bundles.js';
import { ROOT_DIR } from './paths.js';

const require = createRequire(import.meta.url);

/**
 * URL prefix → directory on disk. Vendor files come straight from their npm package, and
 * only the ones the pages use (not the package's demo page or metadata).
 */
const MOUNTS: ReadonlyArray<{ url: string; dir: string; only?: readonly string[] }> = [
  {
    url: '/vendor/swagger-ui/',
    dir: path.dirname(require.resolve('swagger-ui-dist/package.json')),
    only: ['/swagger-ui-bundle.js', '/swagger-ui.css'],
  },
  { url: '/', dir: path.join(ROOT_DIR, 'public') },
];

// Browser scripts written in TypeScript: /js/<name>.js is public/js/<name>.ts, bundled.
const SCRIPTS_DIR = path.join(ROOT_DIR, 'public', 'js');
const scriptSource = (url: string): string | undefined => {
  const name = /^\/js\/([a-z0-9-]+)\.js$/.exec(url)?.[1];
  const file = name && path.join(SCRIPTS_DIR, `${name}.ts`);
  return file && existsSync(file) ? file : undefined;
};

const LONG_CACHE = 'public, max-age=31536000, immutable';
const SHORT_CACHE = 'public, max-age=300';

/**
 * Static files. Views link them through `asset(url)`, which adds a hash of the file's
 * content; such versioned URLs are cached for a year, since a change makes a new URL.
 */
export function createAssets(options: { cacheHashes: boolean }) {
  const hashes = new Map<string, string>();
  const bundle = createBundler({ watch: !options.cacheHashes });

  function asset(url: string): string {
    const script = scriptSource(url);
    if (script) return `${url}?v=${bundle(script).hash}`;
    let hash = options.cacheHashes ? hashes.get(url) : undefined;
    if (!hash) {
      const mount = MOUNTS.find((item) => url.startsWith(item.url));
      if (!mount) throw new Error(`asset(${url}): no static directory serves this URL`);
      const file = path.join(mount.dir, url.slice(mount.url.length));
      hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
      hashes.set(url, hash);
    }
    return `${url}?v=${hash}`;
  }

  const router: Router = express.Router();
  // Only URLs under a mount's top-level folders can be files: everything else (the API,
  // pages) goes on without a look at the disk.
  const folders = new Set(
    MOUNTS.flatMap((mount) =>
      mount.url === '/'
        ? readdirSync(mount.dir).map((name) => `/${name}`)
        : [mount.url.slice(0, -1)],
    ).map((url) => url.split('/')[1]),
  );
  router.use((req, _res, next) =>
    next(folders.has(req.path.split('/', 2)[1]!) ? undefined : 'router'),
  );
  router.get(/^\/js\/[a-z0-9-]+\.js$/, (req, res, next) => {
    const script = scriptSource(req.path);
    if (!script) return next();
    const { code } = bundle(script);
    res
      .type('text/javascript')
      .set('Cache-Control', typeof req.query.v === 'string' ? LONG_CACHE : SHORT_CACHE)
      .send(code);
  });
  // The TypeScript sources themselves are not served.
  router.use((req, _res, next) => next(req.path.endsWith('.ts') ? 'router' : undefined));
  for (const mount of MOUNTS) {
    const only = mount.only;
    if (only)
      router.use(mount.url, (req, _res, next) =>
        next(only.includes(req.path) ? undefined : 'router'),
      );
    router.use(
      mount.url,
      express.static(mount.dir, {
        index: false,
        cacheControl: false,
        setHeaders(res) {
          const versioned =
            typeof (res as unknown as { req: express.Request }).req.query.v === 'string';
          res.setHeader('Cache-Control', versioned ? LONG_CACHE : SHORT_CACHE);
        },
      }),
    );
  }
  return { asset, router };
}
