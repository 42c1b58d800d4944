import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SqlParams } from '../engine.js';
import { bindStatement, toSparkParameter } from './bound-statement.js';
import { DatabricksEngineError } from './databricks-engine-error.js';
import { rewritePlaceholders } from './placeholders.js';

const marker = (name: string) => `:${name}`;

function assertRejected(action: () => unknown, detail: string) {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof DatabricksEngineError);
    assert.equal(error.code, 'rejected');
    assert.equal(error.detail, detail);
    return true;
  });
}

describe('placeholder rewrite', () => {
  test('rewrites $name outside strings, identifiers and comments', () => {
    assert.equal(
      rewritePlaceholders('SELECT * FROM t WHERE a = $a AND b IN ($b, $a)', marker),
      'SELECT * FROM t WHERE a = :a AND b IN (:b, :a)',
    );
  });

  const untouched: Array<[string, string]> = [
    ['single-quoted string', "SELECT '$a' AS x"],
    ['string with an escaped quote', "SELECT 'it\\'s $a' AS x"],
    ['double-quoted string (a string literal in Databricks)', 'SELECT "$a and \\" $b" AS x'],
    ['raw string (backslash is not an escape)', "SELECT r'C:\\$a\\' AS x"],
    ['backtick identifier', 'SELECT `$a` FROM t'],
    ['backtick identifier with a doubled backtick', 'SELECT `x``$a` FROM t'],
    ['line comment', 'SELECT 1 -- $a\n'],
    ['block comment', 'SELECT 1 /* $a */'],
    ['nested block comment', 'SELECT 1 /* outer /* $a */ still $b */'],
    ['a $ inside a word', 'SELECT a$b FROM t'],
    ['a positional DuckDB marker', 'SELECT $1'],
    ['a :: cast', "SELECT '1'::INT"],
  ];
  for (const [what, sql] of untouched) {
    test(`leaves a ${what} alone`, () => {
      assert.equal(rewritePlaceholders(sql, () => assert.fail(`no placeholder expected in ${sql}`)), sql);
    });
  }

  test('a placeholder right after a string, comment or identifier is still found', () => {
    assert.equal(
      rewritePlaceholders("SELECT 'x'||$a, `c`=$b /* c */$c -- d\n$d", marker),
      "SELECT 'x'||:a, `c`=:b /* c */:c -- d\n:d",
    );
  });

  test('refuses a :name marker it did not write, and unterminated tokens', () => {
    assertRejected(() => rewritePlaceholders('SELECT :a', marker), 'UNEXPECTED_PARAMETER_MARKER');
    assertRejected(() => rewritePlaceholders("SELECT 'open", marker), 'UNTERMINATED_STRING');
    assertRejected(() => rewritePlaceholders("SELECT 'x\\'", marker), 'UNTERMINATED_STRING');
    assertRejected(() => rewritePlaceholders('SELECT `open', marker), 'UNTERMINATED_IDENTIFIER');
    assertRejected(() => rewritePlaceholders('SELECT 1 /* a /* b */', marker), 'UNCLOSED_COMMENT');
  });

  test('text without placeholders comes back unchanged (property)', () => {
    const sqlish = fc.stringMatching(/^[A-Za-z0-9_ ,.()*=<>+\n-]*$/).filter((s) => !s.includes('--') && !s.includes('/*'));
    fc.assert(fc.property(sqlish, (sql) => rewritePlaceholders(sql, marker) === sql));
  });

  test('every placeholder is replaced, whatever surrounds it (property)', () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);
    const filler = fc.constantFrom(' ', ', ', '(', ') AND ', ' = ', "'s' || ", '`c` ', '/* $z */ ', '\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, name), { minLength: 1, maxLength: 8 }), (parts) => {
        const sql = parts.map(([f, n]) => `${f}$${n}`).join(' ');
        const names: string[] = [];
        const out = rewritePlaceholders(sql, (n) => {
          names.push(n);
          return `:${n}`;
        });
        assert.deepEqual(names, parts.map(([, n]) => n));
        assert.ok(!/\$[a-z_]/.test(out.replaceAll('/* $z */', '')));
      }),
    );
  });
});

describe('binding a statement', () => {
  const params: SqlParams = {
    org: { type: 'varchar[]', value: ['o-1', 'o-"2"'] },
    from: { type: 'date', value: '2024-02-29' },
    unused: { type: 'varchar', value: 'never sent' },
  };

  test('lists travel as JSON parsed back by from_json; only used params are sent', () => {
    const bound = bindStatement('SELECT 1 WHERE array_contains($org, x) AND d >= $from AND $org IS NULL', params);
    assert.equal(
      bound.sql,
      "SELECT 1 WHERE array_contains(from_json(:org, 'ARRAY<STRING>'), x) AND d >= :from AND from_json(:org, 'ARRAY<STRING>') IS NULL",
    );
    assert.deepEqual(Object.keys(bound.parameters).sort(), ['from', 'org']);
    const org = bound.parameters.org!.toSparkParameter({ name: 'org' });
    assert.equal(org.type, 'STRING');
    assert.deepEqual(JSON.parse(org.value!.stringValue!), ['o-1', 'o-"2"']);
  });

  test('values never enter the SQL text', () => {
    const bound = bindStatement("SELECT $v AS v, '$v' AS literal", { v: { type: 'varchar', value: "x' OR 1=1 --" } });
    assert.equal(bound.sql, "SELECT :v AS v, '$v' AS literal");
    assert.ok(!bound.sql.includes('OR 1=1'));
  });

  test('a placeholder without a param is refused; a prototype key is not a param', () => {
    assertRejected(() => bindStatement('SELECT $missing', {}), 'UNBOUND_PLACEHOLDER');
    assertRejected(() => bindStatement('SELECT $constructor', {}), 'UNBOUND_PLACEHOLDER');
  });
});

describe('parameter types', () => {
  const spark = (type: Parameters<typeof toSparkParameter>[0]['type'], value: Parameters<typeof toSparkParameter>[0]['value']) =>
    toSparkParameter({ type, value }).toSparkParameter({ name: 'p' });

  test('each SQL type becomes the Databricks type the warehouse binds', () => {
    assert.deepEqual([spark('varchar', 'a').type, spark('varchar', 'a').value?.stringValue], ['STRING', 'a']);
    assert.deepEqual([spark('integer', 42).type, spark('integer', 42).value?.stringValue], ['INTEGER', '42']);
    assert.deepEqual([spark('integer', 2 ** 40).type, spark('integer', 2 ** 40).value?.stringValue], ['BIGINT', '1099511627776']);
    assert.deepEqual([spark('double', 0.25).type, spark('double', 0.25).value?.stringValue], ['DOUBLE', '0.25']);
    assert.deepEqual([spark('boolean', true).type, spark('boolean', true).value?.stringValue], ['BOOLEAN', 'TRUE']);
    assert.deepEqual([spark('date', '2024-01-31').type, spark('date', '2024-01-31').value?.stringValue], ['DATE', '2024-01-31']);
    assert.deepEqual([spark('varchar[]', []).type, spark('varchar[]', []).value?.stringValue], ['STRING', '[]']);
  });

  test('NULL of any type is sent untyped (VOID), the only NULL the driver sends', () => {
    for (const type of ['varchar', 'integer', 'double', 'boolean', 'date', 'varchar[]'] as const) {
      const parameter = spark(type, null);
      assert.equal(parameter.type ?? undefined, undefined, type);
      assert.equal(parameter.value ?? undefined, undefined, type);
      assert.equal(parameter.name, 'p');
    }
  });

  test('values that do not fit their type are refused', () => {
    assertRejected(() => toSparkParameter({ type: 'integer', value: 1.5 }), 'EXPECTED_INTEGER');
    assertRejected(() => toSparkParameter({ type: 'integer', value: '1' }), 'EXPECTED_INTEGER');
    assertRejected(() => toSparkParameter({ type: 'double', value: Number.NaN }), 'EXPECTED_DOUBLE');
    assertRejected(() => toSparkParameter({ type: 'date', value: '2023-02-29' }), 'EXPECTED_DATE');
    assertRejected(() => toSparkParameter({ type: 'date', value: '2024-01-01T00:00:00Z' }), 'EXPECTED_DATE');
    assertRejected(() => toSparkParameter({ type: 'varchar[]', value: 'a' }), 'EXPECTED_STRING_LIST');
    assertRejected(() => toSparkParameter({ type: 'boolean', value: 'true' }), 'EXPECTED_BOOLEAN');
  });
});
