/**
 * Databricks SQL literals and identifiers for the demo data load script. The script is text a
 * person runs in the SQL editor, so its values are literals rather than bound parameters; each
 * one is written the way Databricks' parser reads it back to exactly the same value.
 */

/** Names the script quotes: ours come from the gold model and server configuration. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WHOLE_NUMBER = /^-?\d+$/;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;

/**
 * Characters written as escapes inside '…'. Backslash starts an escape in Databricks string
 * literals (a doubled quote does not escape a quote there: `'It''s'` is two adjacent literals,
 * read as "Its"). Line breaks are escaped so no literal spans lines and a statement always ends
 * where a line ends with ';'. `$` is escaped because notebooks substitute `$name` widgets inside
 * strings before the parser sees them; the parser reads `\$` as `$`.
 */
const NAMED_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\', '\\\\'],
  ["'", "\\'"],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
  ['$', '\\$'],
]);

/**
 * The other control characters become \uXXXX. Not `\0` for NUL: the parser reads a backslash
 * and three octal digits as one character, so NUL followed by "12" would come back as a line feed.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** A backtick-quoted identifier; only plain names (letters, digits, `_`) are accepted. */
export function databricksIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain identifier (letters, digits, _)`);
  return `\`${name}\``;
}

/** A backtick-quoted dotted name, e.g. `kineo_acme`.`gold`.`dim_users`. */
export function databricksQualifiedName(...parts: string[]): string {
  return parts.map(databricksIdentifier).join('.');
}

/** A single-quoted string literal that Databricks reads back to exactly `text`. */
export function databricksString(text: string): string {
  let literal = "'";
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) throw new Error('a string with an unpaired surrogate is not Unicode text');
    const named = NAMED_ESCAPES.get(character);
    if (named) literal += named;
    else if (CONTROL_CHARACTER.test(character)) literal += `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else literal += character;
  }
  return literal + "'";
}

/** A DATE literal from a `YYYY-MM-DD` date. */
export function databricksDate(isoDate: string): string {
  const day = ISO_DATE.test(isoDate) ? new Date(`${isoDate}T00:00:00Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== isoDate)
    throw new Error(`"${isoDate}" is not a YYYY-MM-DD date`);
  return `DATE'${isoDate}'`;
}

/** An INT literal. */
export function databricksInt(value: number): string {
  if (!Number.isInteger(value) || value < INT_MIN || value > INT_MAX) throw new Error(`${value} is not a 32-bit integer`);
  return String(value);
}

/** A BIGINT value, from a number or a decimal string (DuckDB hands BIGINTs over as strings). */
export function databricksBigint(value: number | string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !WHOLE_NUMBER.test(text)) throw new Error(`${value} is not a whole number`);
  const n = BigInt(text);
  if (n < BIGINT_MIN || n > BIGINT_MAX) throw new Error(`${value} does not fit a BIGINT`);
  return n.toString();
}

export function databricksBoolean(value: boolean): string {
  return value ? 'TRUE' : 'FALSE';
}
