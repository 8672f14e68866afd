import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ENV_VARIABLES, envSchema } from '../config/env.js';
import { ConfigError, loadConfig } from '../app/core/config.js';

describe('configuration', () => {
  it('has working defaults with nothing set', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3000);
    assert.equal(config.DATABASE_URL, undefined);
    assert.equal(config.DATA_DIR, '.data');
    assert.match(config.dataDir, /\/\.data$/);
    assert.equal(config.PUBLIC_URL, 'http://localhost:3000');
    assert.deepEqual(config.ALLOWED_ORIGINS, ['http://localhost:3000']);
    assert.equal(config.SOCKET_MAX_PAYLOAD_BYTES, 65536);
  });

  it('treats empty values as unset, so a copied .env.example changes nothing', () => {
    assert.deepEqual(loadConfig({ PORT: '', DATABASE_URL: ' ' }), loadConfig({}));
  });

  it('stops with a message naming each bad variable', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          DATABASE_URL: 'mysql://x/y',
          ALLOWED_ORIGINS: 'https://a.example/path',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PORT="eighty"/);
        assert.match(error.message, /DATABASE_URL="mysql:\/\/x\/y": must be a postgres/);
        assert.match(error.message, /ALLOWED_ORIGINS=.*must be an origin/);
        return true;
      },
    );
    assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
    assert.throws(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: '-5' }), /SHUTDOWN_TIMEOUT_MS/);
  });

  it('parses lists, numbers and trust-proxy settings', () => {
    const config = loadConfig({
      ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
      TRUST_PROXY: '2',
      PUBLIC_URL: 'https://tickets.example',
    });
    assert.deepEqual(config.ALLOWED_ORIGINS, ['https://a.example', 'https://b.example:8443']);
    assert.equal(config.TRUST_PROXY, 2);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY, false);
    assert.deepEqual(loadConfig({ PUBLIC_URL: 'https://tickets.example' }).ALLOWED_ORIGINS, [
      'https://tickets.example',
    ]);
  });

  it('.env.example lists every variable of the schema with its default', () => {
    const lines = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line));
    const example = Object.fromEntries(
      lines.map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    assert.deepEqual(Object.keys(example).sort(), [...ENV_VARIABLES].sort());
    const defaults = envSchema.parse({});
    for (const [name, value] of Object.entries(example)) {
      if (value === '') continue;
      assert.equal(
        String(defaults[name as keyof typeof defaults]),
        value,
        `${name} in .env.example`,
      );
    }
  });
});
