import assert from 'node:assert/strict';
import { UniqueConstraintError } from 'sequelize';
import { compile, execute, inTransaction, isRetryable, selectRows } from '../app/models/sql.js';
import { testSequelize } from './support/db.js';

describe('plain SQL with named replacements', () => {
  before(() => testSequelize());

  it('sends each name as one bind parameter, and leaves casts, strings, names and comments alone', () => {
    const { text, names } = compile(
      `SELECT :a::int + :b, ':x' AS "weird:name", $$ :y $$, :a -- :z
       /* :w */ FROM t WHERE c = ANY(:b::int[])`,
    );
    assert.deepEqual(names, ['a', 'b']);
    assert.equal(
      text,
      `SELECT $1::int + $2, ':x' AS "weird:name", $$ :y $$, $1 -- :z
       /* :w */ FROM t WHERE c = ANY($2::int[])`,
    );
  });

  it('leaves E-strings, slices and nested casts alone, and refuses $n beside names', () => {
    assert.equal(
      compile(`SELECT E'it\\'s :x', a[1:2], a[lo:hi], :y::int[]`).text,
      `SELECT E'it\\'s :x', a[1:2], a[lo:hi], $1::int[]`,
    );
    assert.throws(() => compile('SELECT $1, :a'), /cannot also hold \$n/);
  });

  it('reads a typed literal after a name as a string, and refuses what it cannot read as PostgreSQL does', () => {
    // `name'C:\'` is the type name and a plain string ending in a backslash, not an E-string.
    assert.deepEqual(compile(`SELECT name'C:\\' AS n, :x::int AS x, 'z' AS z`).names, ['x']);
    assert.throws(() => compile('SELECT 1 /* a /* b */ :y */'), /nested comments/);
    assert.throws(() => compile('SELECT a[:lo:hi] FROM t'), /:lo is followed by a name/);
    assert.deepEqual(compile('SELECT a[:lo : :hi] FROM t').names, ['lo', 'hi']);
    assert.equal(compile('SELECT a[:lo::int] FROM t').text, 'SELECT a[$1::int] FROM t');
  });

  it('answers rows, with lists, JSON and null bound as values, never spliced into the text', async () => {
    const rows = await selectRows<{ n: number; hit: boolean; doc: { a: string }; none: null }>(
      `SELECT :n::int AS n, 3 = ANY(:ids::int[]) AS hit, :doc::jsonb AS doc, :none::text AS none`,
      { n: 7, ids: [1, 3], doc: JSON.stringify({ a: "it's" }), none: null },
    );
    assert.deepEqual(rows, [{ n: 7, hit: true, doc: { a: "it's" }, none: null }]);
    const injected = await selectRows<{ s: string }>('SELECT :s::text AS s', {
      s: "'; DROP TABLE users; --",
    });
    assert.equal(injected[0]!.s, "'; DROP TABLE users; --");
  });

  it('refuses a statement whose replacement is missing, before it reaches the database', async () => {
    await assert.rejects(selectRows('SELECT :missing::int', {}), /:missing has no value/);
    await assert.rejects(selectRows('SELECT :gone::int', { gone: undefined }), /:gone has no/);
    await assert.rejects(selectRows('SELECT :constructor::text', {}), /:constructor has no/);
  });

  it('refuses a statement on a transaction that has ended, whose connection is someone else’s', async () => {
    const transaction = await testSequelize().transaction();
    await transaction.commit();
    await assert.rejects(selectRows('SELECT 1 AS one', {}, transaction), /already ended/);
  });

  it('runs on the transaction’s own connection, and throws the errors Sequelize would', async () => {
    const error = await inTransaction(async (transaction) => {
      // A temporary table lives on one connection: the transaction's statements see it.
      await execute('CREATE TEMP TABLE in_tx (id int PRIMARY KEY)', {}, transaction);
      await execute('INSERT INTO in_tx VALUES (:id)', { id: 1 }, transaction);
      const [seen] = await selectRows<{ n: string }>(
        'SELECT count(*) AS n FROM in_tx',
        {},
        transaction,
      );
      assert.equal(seen!.n, '1');
      return execute('INSERT INTO in_tx VALUES (:id)', { id: 1 }, transaction).catch(
        (caught: unknown) => caught,
      );
    });
    assert.ok(error instanceof UniqueConstraintError, String(error));
    assert.equal((error.original as unknown as { code: string }).code, '23505');
    assert.equal(isRetryable(error), false);
  });
});
