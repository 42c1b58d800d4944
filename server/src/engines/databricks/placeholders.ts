import { DatabricksEngineError } from './databricks-engine-error.js';

const isIdentifierStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentifierPart = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

function malformed(detail: string): DatabricksEngineError {
  return new DatabricksEngineError('rejected', 'the statement could not be prepared', detail);
}

/**
 * Replaces every `$name` placeholder with `replace(name)`, reading the SQL as Databricks does:
 * text inside '…' and "…" strings (both are string literals there, with backslash escapes unless
 * raw `r'…'`), `…` identifiers, `--` comments and nested `/* … *\/` comments is left untouched.
 *
 * A `:name` marker already in the text is refused: the engine writes every marker itself, so
 * the parameters it sends always match the markers the warehouse sees.
 */
export function rewritePlaceholders(sql: string, replace: (name: string) => string): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    let end: number;
    if (c === "'" || c === '"') {
      const raw = (sql[i - 1] === 'r' || sql[i - 1] === 'R') && !isIdentifierPart(sql[i - 2]);
      end = stringEnd(sql, i, raw);
    } else if (c === '`') {
      end = quotedIdentifierEnd(sql, i);
    } else if (c === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      end = newline === -1 ? n : newline;
    } else if (c === '/' && next === '*') {
      end = blockCommentEnd(sql, i);
    } else if (c === '$' && isIdentifierStart(next) && !isIdentifierPart(sql[i - 1])) {
      let j = i + 1;
      while (isIdentifierPart(sql[j])) j++;
      out += replace(sql.slice(i + 1, j));
      i = j;
      continue;
    } else if (c === ':' && next === ':') {
      end = i + 2;
    } else if (c === ':' && isIdentifierStart(next)) {
      throw malformed('UNEXPECTED_PARAMETER_MARKER');
    } else {
      end = i + 1;
    }
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}

function stringEnd(sql: string, start: number, raw: boolean): number {
  const quote = sql[start];
  for (let j = start + 1; j < sql.length; j++) {
    if (sql[j] === '\\' && !raw) j++;
    else if (sql[j] === quote) return j + 1;
  }
  throw malformed('UNTERMINATED_STRING');
}

function quotedIdentifierEnd(sql: string, start: number): number {
  for (let j = start + 1; j < sql.length; j++) {
    if (sql[j] !== '`') continue;
    if (sql[j + 1] === '`') j++;
    else return j + 1;
  }
  throw malformed('UNTERMINATED_IDENTIFIER');
}

/** Databricks block comments nest: `/* a /* b *\/ c *\/` is one comment. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  for (let j = start; j < sql.length - 1; j++) {
    if (sql[j] === '/' && sql[j + 1] === '*') {
      depth++;
      j++;
    } else if (sql[j] === '*' && sql[j + 1] === '/') {
      depth--;
      j++;
      if (depth === 0) return j + 1;
    }
  }
  throw malformed('UNCLOSED_COMMENT');
}
