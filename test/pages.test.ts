import assert from 'node:assert/strict';
import { createAssets } from '../app/core/assets.js';
import { securityHeaders } from '../app/core/security.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { useTestApp } from './support/app.js';

function scriptNonces(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/g)].map(
    (match) => /nonce="([^"]+)"/.exec(match[0])?.[1] ?? '',
  );
}

describe('pages', () => {
  const app = useTestApp();
  const http = () => app.current.http();

  it('serves the home page in the site layout', async () => {
    const res = await http()
      .get('/')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    assert.match(res.text, /<header class="site-header">/);
    assert.match(res.text, /<nav aria-label="Main">/);
    assert.match(res.text, /<footer class="site-footer">/);
    assert.match(res.text, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(res.text, /<a href="\/" aria-current="page">Events<\/a>/);
  });

  describe('Content-Security-Policy', () => {
    it('allows only scripts with this response’s nonce, and no inline handlers', async () => {
      const first = await http().get('/api/docs').expect(200);
      const csp = String(first.headers['content-security-policy']);
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce, csp);
      assert.match(csp, /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      assert.match(csp, /script-src-attr 'none'/);
      assert.match(csp, /object-src 'none'/);
      const nonces = scriptNonces(first.text);
      assert.ok(nonces.length >= 2);
      assert.ok(
        nonces.every((value) => value === nonce),
        'every script tag carries the nonce',
      );

      const second = await http().get('/api/docs');
      assert.notEqual(
        /'nonce-([^']+)'/.exec(String(second.headers['content-security-policy']))?.[1],
        nonce,
        'a new nonce per response',
      );
    });

    it('never gives one nonce twice, across many answers', async () => {
      const [setNonce] = securityHeaders({ PUBLIC_URL: 'http://localhost', NODE_ENV: 'test' });
      const nonces = new Set<string>();
      for (let i = 0; i < 1_000; i++) {
        const res = { locals: {} as { cspNonce?: string } };
        setNonce!({} as never, res as never, () => undefined);
        assert.match(String(res.locals.cspNonce), /^[A-Za-z0-9+/]{22}==$/);
        nonces.add(String(res.locals.cspNonce));
      }
      assert.equal(nonces.size, 1_000);
    });

    it('views have no inline event handlers or inline scripts without a nonce', () => {
      const files = readdirSync('views', { recursive: true, encoding: 'utf8' }).filter((file) =>
        file.endsWith('.ejs'),
      );
      assert.ok(files.length > 3);
      for (const file of files) {
        const text = readFileSync(path.join('views', file), 'utf8');
        assert.doesNotMatch(text, /\son[a-z]+\s*=/i, `${file} has an inline event handler`);
        for (const tag of text.match(/<script\b(?:<%.*?%>|[^>])*>/g) ?? [])
          assert.match(tag, /nonce="<%= cspNonce %>"/, `${file}: ${tag}`);
      }
    });

    it('sets the other helmet headers', async () => {
      const res = await http().get('/');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-powered-by'], undefined);
      assert.match(String(res.headers['referrer-policy']), /no-referrer/);
    });
  });

  it('compresses pages for clients that accept gzip', async () => {
    const res = await http().get('/').set('Accept-Encoding', 'gzip').expect(200);
    assert.equal(res.headers['content-encoding'], 'gzip');
  });

  describe('static files', () => {
    it('links assets with a content hash and caches them for a year', async () => {
      const home = await http().get('/');
      const href = /href="(\/css\/site\.css\?v=[0-9a-f]{12})"/.exec(home.text)?.[1];
      assert.ok(href, 'the stylesheet is linked with a version');
      const css = await http()
        .get(href)
        .expect(200)
        .expect('Content-Type', /text\/css/);
      assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable');
      const plain = await http().get('/css/site.css').expect(200);
      assert.equal(plain.headers['cache-control'], 'public, max-age=300');
    });

    it('bundles browser scripts written in TypeScript, with what they share with the server', async () => {
      const { asset } = createAssets({ cacheHashes: true });
      const href = asset('/js/layout-editor.js');
      assert.match(href, /^\/js\/layout-editor\.js\?v=[0-9a-f]{12}$/);
      const script = await http()
        .get(href)
        .expect(200)
        .expect('Content-Type', /text\/javascript/);
      assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.doesNotMatch(script.text, /^import |\bexport /m, 'one self-contained script');
      assert.match(script.text, /a standing area needs a capacity/, 'the layout rules are in it');
      await http().get('/js/layout-editor.ts').expect(404);
      await http().get('/js/no-such-script.js').expect(404);
    });

    it('serves the API reference renderer from our own server', async () => {
      const docs = await http().get('/api/docs').expect(200);
      const bundle = /src="(\/vendor\/swagger-ui\/swagger-ui-bundle\.js\?v=\w+)"/.exec(
        docs.text,
      )?.[1];
      assert.ok(bundle);
      assert.doesNotMatch(docs.text, /https?:\/\/(?!127\.0\.0\.1)[^"']*\.(js|css)/, 'no CDN');
      await http()
        .get(bundle)
        .expect(200)
        .expect('Content-Type', /javascript/);
      for (const other of ['index.html', 'swagger-initializer.js', 'package.json']) {
        await http().get(`/vendor/swagger-ui/${other}`).expect(404);
      }
    });
  });

  describe('the ping page (a page controller over system.ping)', () => {
    it('shows the form, then the method’s answer in a flash message', async () => {
      const empty = await http().get('/ping').expect(200);
      assert.match(empty.text, /<label for="echo">/);
      const res = await http().get('/ping?echo=hello%20there').expect(200);
      assert.match(
        res.text,
        /class="flash flash--success" role="status">The server answered at \d{4}-/,
      );
      assert.match(res.text, /<dd>hello there<\/dd>/);
    });

    it('shows the method’s validation error next to the field', async () => {
      const res = await http()
        .get(`/ping?echo=${'x'.repeat(250)}`)
        .expect(400);
      assert.match(res.text, /class="flash flash--error" role="alert"/);
      assert.match(res.text, /aria-invalid="true"/);
      assert.match(res.text, /id="echo-error">must be at most 200 characters/);
    });

    it('escapes what it echoes', async () => {
      const res = await http().get('/ping?echo=%3Cscript%3Ealert(1)%3C%2Fscript%3E').expect(200);
      assert.doesNotMatch(res.text, /<script>alert/);
      assert.match(res.text, /&lt;script&gt;alert\(1\)/);
    });
  });

  it('answers an unknown page with the styled 404 page', async () => {
    const res = await http().get('/no/such/page').set('Accept', 'text/html').expect(404);
    assert.match(res.text, /<header class="site-header">/);
    assert.match(res.text, /Page not found/);
    assert.match(res.text, /error-page__status">404/);
  });
});
