import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  databricksBigint,
  databricksBoolean,
  databricksDate,
  databricksIdentifier,
  databricksInt,
  databricksQualifiedName,
  databricksString,
} from './databricks-literals.js';

/**
 * Reads a '…' literal the way Spark's parser (which Databricks SQL runs) unescapes it: \uXXXX,
 * \UXXXXXXXX, a backslash and three octal digits starting with 0 or 1, the named escapes, and
 * otherwise the character after the backslash (`\%` and `\_` keep their backslash).
 */
function readSparkStringLiteral(literal: string): string {
  assert.ok(literal.startsWith("'") && literal.endsWith("'"), 'quoted');
  const body = literal.slice(1, -1);
  const named: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a', '%': '\\%', _: '\\_' };
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "'") assert.fail(`unescaped quote inside the literal at ${i}: ${literal}`);
    if (c !== '\\') {
      text += c;
      continue;
    }
    const rest = body.slice(i + 1);
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^u([0-9a-fA-F]{4})/))) {
      text += String.fromCharCode(parseInt(m[1]!, 16));
      i += 5;
    } else if ((m = rest.match(/^U([0-9a-fA-F]{8})/))) {
      text += String.fromCodePoint(parseInt(m[1]!, 16));
      i += 9;
    } else if ((m = rest.match(/^([01][0-7]{2})/))) {
      text += String.fromCharCode(parseInt(m[1]!, 8));
      i += 3;
    } else {
      assert.ok(rest.length > 0, 'a backslash ends the literal');
      text += named[rest[0]!] ?? rest[0]!;
      i += 1;
    }
  }
  return text;
}

describe('databricksString', () => {
  it('escapes quotes and backslashes with a backslash, never by doubling', () => {
    assert.equal(databricksString("O'Connell"), "'O\\'Connell'");
    assert.equal(databricksString('C:\\temp\\'), "'C:\\\\temp\\\\'");
    assert.equal(databricksString('say "hi"'), `'say "hi"'`);
    assert.equal(databricksString(''), "''");
  });

  it('keeps every literal on one line', () => {
    assert.equal(databricksString('a\nb\r\nc\td'), "'a\\nb\\r\\nc\\td'");
    assert.equal(databricksString('end;\n'), "'end;\\n'");
  });

  it('writes NUL and other control characters as \\u escapes, so digits after them stay digits', () => {
    assert.equal(databricksString('\u000012'), "'\\u000012'");
    assert.equal(databricksString('\x01\x1a\x7f'), "'\\u0001\\u001a\\u007f'");
  });

  it('escapes $ (notebook widgets) and leaves % and _ alone (\\% would keep its backslash)', () => {
    assert.equal(databricksString('${tenant} 100%_done'), "'\\${tenant} 100%_done'");
  });

  it('keeps non-ASCII text as it is', () => {
    for (const text of ['Zoë Müller', '東京', 'emoji 🎓', 'line\u2028separator', 'ﬁ ligature'])
      assert.equal(databricksString(text), `'${text}'`);
  });

  it('refuses a lone surrogate, which is not Unicode text', () => {
    assert.throws(() => databricksString('a\ud800b'), /unpaired surrogate/);
    assert.throws(() => databricksString('\udc00'), /unpaired surrogate/);
  });

  it('reads back to the same text under Spark’s unescaping rules, for any text', () => {
    const hostile = fc.constantFrom("'", '\\', '\n', '\r', '\t', '\0', '$', '%', '_', '"', '`', ';', '--', '/*', '0', '1', '7', 'u', 'U', '\u2028');
    const text = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.array(fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 20 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (value) => {
        const literal = databricksString(value);
        assert.equal(readSparkStringLiteral(literal), value);
        assert.ok(!/[\r\n]/.test(literal), 'no line break inside a literal');
      }),
      { numRuns: 500 },
    );
  });
});

describe('the other literals', () => {
  it('writes dates as DATE literals and refuses anything that is not a calendar date', () => {
    assert.equal(databricksDate('2026-10-31'), "DATE'2026-10-31'");
    assert.equal(databricksDate('2024-02-29'), "DATE'2024-02-29'");
    for (const bad of ['2026-02-30', '2026-1-1', '2026-10-31T00:00:00', 'infinity', "2026-10-31'--"])
      assert.throws(() => databricksDate(bad), /not a YYYY-MM-DD date/, bad);
  });

  it('writes INT and BIGINT values as plain numbers within their ranges', () => {
    assert.equal(databricksInt(-2147483648), '-2147483648');
    assert.equal(databricksInt(42), '42');
    assert.throws(() => databricksInt(2147483648), /32-bit/);
    assert.throws(() => databricksInt(1.5), /32-bit/);
    assert.equal(databricksBigint('9223372036854775807'), '9223372036854775807');
    assert.equal(databricksBigint('-9223372036854775808'), '-9223372036854775808');
    assert.equal(databricksBigint(8422), '8422');
    assert.throws(() => databricksBigint('9223372036854775808'), /BIGINT/);
    assert.throws(() => databricksBigint('1 OR 1=1'), /whole number/);
    assert.throws(() => databricksBigint(2 ** 60), /whole number/);
  });

  it('writes booleans as TRUE and FALSE', () => {
    assert.equal(databricksBoolean(true), 'TRUE');
    assert.equal(databricksBoolean(false), 'FALSE');
  });

  it('quotes plain identifiers in backticks and refuses anything else', () => {
    assert.equal(databricksIdentifier('dim_users'), '`dim_users`');
    assert.equal(databricksQualifiedName('kineo_acme', 'gold', 'dim_users'), '`kineo_acme`.`gold`.`dim_users`');
    for (const bad of ['a`b', 'a b', 'a.b', '', '1abc', 'naïve'])
      assert.throws(() => databricksIdentifier(bad), /plain identifier/, bad);
  });
});
