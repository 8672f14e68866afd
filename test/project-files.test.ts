import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

describe('project files', () => {
  it('package.json has the scripts the README promises', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const name of [
      'start',
      'dev',
      'build',
      'test',
      'lint',
      'format',
      'typecheck',
      'db:migrate',
      'db:seed',
    ]) {
      assert.ok(scripts[name], `npm run ${name}`);
    }
    assert.match(scripts.dev!, /--watch/);
  });

  it('the Makefile has every target, taking V', () => {
    const dry = (...args: string[]) => execFileSync('make', ['-n', ...args], { encoding: 'utf8' });
    assert.match(dry('build', 'V=9.8.7'), /docker build -t seats:9\.8\.7 \./);
    assert.match(
      dry('push', 'V=9.8.7', 'REGISTRY=registry.example'),
      /docker push registry\.example\/seats:9\.8\.7/,
    );
    assert.match(
      dry('deploy', 'V=9.8.7'),
      /docker build[\s\S]*docker push[\s\S]*docker compose up -d --no-build/,
    );
    assert.match(dry('version', 'V=9.8.7'), /npm version 9\.8\.7 --no-git-tag-version/);
    assert.match(dry('run'), /docker compose up -d/);
    assert.match(dry('dev'), /npm run dev/);
    assert.match(dry('stop'), /docker compose down/);
    assert.match(dry('clean'), /down --volumes/);
    assert.match(dry('rebuild'), /up -d --build/);
  });

  it('the Dockerfile builds in one stage and runs the compiled app in another, as a non-root user', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    assert.equal(dockerfile.match(/^FROM /gm)?.length, 2);
    assert.match(dockerfile, /RUN npm run build/);
    assert.match(dockerfile, /COPY --from=build \/src\/dist\/ \.\//);
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /^HEALTHCHECK /m);
    assert.match(dockerfile, /^CMD \["node", "app\/server\.js"\]$/m);
  });

  it('docker-compose wires the app to PostgreSQL, with health checks on both', () => {
    const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
      services: Record<
        string,
        {
          healthcheck?: unknown;
          environment?: Record<string, string>;
          depends_on?: Record<string, { condition: string }>;
        }
      >;
    };
    const { db, app } = compose.services;
    assert.ok(db?.healthcheck && app?.healthcheck);
    assert.match(String(app.environment?.DATABASE_URL), /^postgres:\/\/seats:.*@db:5432\/seats$/);
    assert.equal(app.depends_on?.db?.condition, 'service_healthy');
  });

  it('.ci/run installs Chromium when missing and ends with the test count', () => {
    const script = readFileSync('.ci/run', 'utf8');
    assert.match(script, /apt-get install -y -qq chromium/);
    assert.match(script, /npm ci/);
    assert.match(script, /npm run typecheck[\s\S]*npm run lint[\s\S]*npm test/);
    assert.match(script, /passed, \[0-9\]\+ failed/);
  });
});
