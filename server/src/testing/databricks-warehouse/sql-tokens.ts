import { sqlErrors } from './databricks-errors.js';

/**
 * A token of Databricks SQL. `value` is the decoded content for strings (escapes resolved) and
 * backtick identifiers; for everything else it is the source text.
 */
export interface Token {
  kind: 'space' | 'word' | 'quoted' | 'string' | 'number' | 'parameter' | 'operator' | 'punctuation';
  text: string;
  value: string;
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
/** Longest first. `//`, `**` and `->>` are DuckDB's, not Databricks': lexed so they can be refused. */
const OPERATORS = ['<=>', '->>', '::', '<=', '>=', '<>', '!=', '==', '||', '//', '**', '->', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!'];
const PUNCTUATION = new Set(['(', ')', ',', '.', ';', '[', ']', '{', '}']);

/**
 * Splits Databricks SQL into tokens. Databricks lexes `'…'` and `"…"` both as string literals
 * with backslash escapes, `` `…` `` as identifiers (doubled backtick inside), `--` and nestable
 * `/* *\/` comments (dropped here), `:name` as a named parameter marker.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: Token['kind'], end: number, value = sql.slice(i, end)) => {
    tokens.push({ kind, text: sql.slice(i, end), value });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let end = i;
      while (end < sql.length && /\s/.test(sql[end]!)) end++;
      push('space', end);
    } else if (c === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      push('space', newline === -1 ? sql.length : newline, ' ');
    } else if (c === '/' && next === '*') {
      push('space', endOfComment(sql, i), ' ');
    } else if (c === "'" || c === '"') {
      const { end, value } = readString(sql, i + 1, c, false);
      push('string', end, value);
    } else if ((c === 'r' || c === 'R') && (next === "'" || next === '"')) {
      const { end, value } = readString(sql, i + 2, next, true);
      push('string', end, value);
    } else if (c === '`') {
      const { end, value } = readQuotedIdentifier(sql, i + 1);
      push('quoted', end, value);
    } else if (DIGIT.test(c) || (c === '.' && next !== undefined && DIGIT.test(next))) {
      push('number', endOfNumber(sql, i));
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end]!)) end++;
      push('word', end);
    } else if (c === ':' && next !== undefined && WORD_START.test(next) && !followsValue(tokens)) {
      let end = i + 2;
      while (end < sql.length && WORD_PART.test(sql[end]!)) end++;
      push('parameter', end, sql.slice(i + 1, end));
    } else if (PUNCTUATION.has(c)) {
      push('punctuation', i + 1);
    } else {
      const operator = OPERATORS.find((op) => sql.startsWith(op, i));
      // `$name` / `$1` (DuckDB and Postgres parameters), `?` (positional) and anything else.
      if (!operator) throw sqlErrors.syntax(c === '$' ? sql.slice(i, i + 1 + (/^\w*/.exec(sql.slice(i + 1))?.[0].length ?? 0)) : c);
      push('operator', i + operator.length);
    }
  }
  return tokens;
}

/** `a:b` after a value is Databricks' JSON path extraction, not a parameter: refused downstream. */
function followsValue(tokens: readonly Token[]): boolean {
  for (let k = tokens.length - 1; k >= 0; k--) {
    const token = tokens[k]!;
    if (token.kind === 'space') continue;
    return token.kind === 'quoted' || token.kind === 'string' || token.kind === 'number' || token.text === ')' ||
      (token.kind === 'word' && !/^(select|where|and|or|not|on|when|then|else|case|distinct|by|limit|offset|in|is|like|ilike|between|having|return|values)$/i.test(token.text));
  }
  return false;
}

function endOfComment(sql: string, start: number): number {
  let depth = 0;
  for (let i = start; i < sql.length - 1; i++) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i++;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  throw sqlErrors.unclosedComment();
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', '0': '\0', Z: '\x1a' };

function readString(sql: string, start: number, quote: string, raw: boolean): { end: number; value: string } {
  let value = '';
  for (let i = start; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === quote) return { end: i + 1, value };
    if (c === '\\' && !raw && i + 1 < sql.length) {
      const e = sql[++i]!;
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(sql.slice(i + 1, i + 5))) {
        value += String.fromCharCode(parseInt(sql.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (e === '%' || e === '_') {
        value += `\\${e}`; // kept escaped: they only mean something to LIKE
      } else {
        value += ESCAPES[e] ?? e;
      }
    } else if (c === '\\' && raw && sql[i + 1] === quote) {
      value += `\\${quote}`;
      i++;
    } else {
      value += c;
    }
  }
  throw sqlErrors.syntax(`${quote}${value.slice(0, 20)}`);
}

function readQuotedIdentifier(sql: string, start: number): { end: number; value: string } {
  let value = '';
  for (let i = start; i < sql.length; i++) {
    if (sql[i] !== '`') value += sql[i];
    else if (sql[i + 1] === '`') value += sql[++i];
    else return { end: i + 1, value };
  }
  throw sqlErrors.syntax(`\`${value.slice(0, 20)}`);
}

/** Digits, a fraction, an exponent and Databricks' type suffixes (`10L`, `1.5BD`, `2D`, …). */
function endOfNumber(sql: string, start: number): number {
  const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?(BD|bd|[LlSsYyDdFf])?/.exec(sql.slice(start))!;
  const end = start + match[0].length;
  if (end < sql.length && WORD_PART.test(sql[end]!)) throw sqlErrors.syntax(sql.slice(start, end + 1));
  return end;
}
