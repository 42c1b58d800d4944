import { translateFunctionCall } from './databricks-functions.js';
import { sqlErrors } from './databricks-errors.js';
import { parseSparkType } from './spark-types.js';
import { tokenize, type Token } from './sql-tokens.js';

export { DatabricksSqlError } from './databricks-errors.js';

/** A significant token and whether whitespace or a comment preceded it. */
interface Piece extends Token {
  spaced: boolean;
}

export interface TranslateOptions {
  /** The session's namespace, named in `UNRESOLVED_ROUTINE` errors as Databricks does. */
  namespace?: { catalog: string; schema: string };
}

export interface TranslatedQuery {
  sql: string;
  /** Named parameters the statement references (without the colon). */
  parameters: string[];
}

/** Words followed by `(` that are syntax, not function calls. */
const SYNTAX_WORDS = new Set(
  ('and or not in exists as filter over values using on when then else where from join select with having by union ' +
    'intersect except all distinct any some lateral table into case end is like ilike rlike between window order ' +
    'partition limit offset return set rollup cube sets key qualify')
    .split(' '),
);
/** After these a name followed by `(` is a table or alias with a column list. */
const BEFORE_TABLE_NAME = new Set(['into', 'table', 'exists', 'as', 'view']);
const TYPED_LITERALS: Record<string, string> = { DATE: 'DATE', TIMESTAMP: 'TIMESTAMP', TIMESTAMP_NTZ: 'TIMESTAMP', TIMESTAMP_LTZ: 'TIMESTAMP' };

/**
 * Translates Databricks SQL (one statement or a `;`-separated script) into DuckDB SQL with the
 * same meaning: backtick identifiers, `'…'`/`"…"` strings with backslash escapes, `:name`
 * parameters, Spark type names and the Databricks functions in the allow-list. Besides queries
 * it accepts the statements a loading script needs (CREATE SCHEMA/TABLE/VIEW, DROP, INSERT,
 * TRUNCATE, USE). Anything DuckDB-only or unknown is refused with the error Databricks gives, as
 * a `DatabricksSqlError`.
 */
export function translateDatabricksSql(sql: string, options: TranslateOptions = {}): string {
  return splitStatements(tokenize(sql))
    .map((statement) => new StatementTranslator(statement, options).script())
    .join(';\n');
}

/**
 * What the test warehouse runs for a statement received over the wire: exactly one query
 * (SELECT or WITH), translated, with the parameters it references.
 */
export function translateDatabricksQuery(sql: string, options: TranslateOptions = {}): TranslatedQuery {
  const statements = splitStatements(tokenize(sql));
  if (statements.length !== 1) throw sqlErrors.onlyQueries();
  const translator = new StatementTranslator(statements[0]!, options);
  const first = statements[0]![0]!;
  if (first.kind !== 'word' || !/^(select|with)$/i.test(first.text)) throw sqlErrors.onlyQueries();
  return { sql: translator.all(), parameters: [...translator.parameters] };
}

/** Splits a script into statements at top-level `;`, each as its significant tokens. */
export function splitDatabricksSql(sql: string): string[] {
  return splitStatements(tokenize(sql)).map((statement) => statement.map((t, i) => (i > 0 && t.spaced ? ' ' : '') + t.text).join(''));
}

function splitStatements(tokens: readonly Token[]): Piece[][] {
  const statements: Piece[][] = [[]];
  let spaced = false;
  for (const token of tokens) {
    if (token.kind === 'space') {
      spaced = true;
      continue;
    }
    if (token.text === ';') statements.push([]);
    else statements.at(-1)!.push({ ...token, spaced });
    spaced = false;
  }
  return statements.filter((statement) => statement.length > 0);
}

class StatementTranslator {
  readonly parameters = new Set<string>();
  readonly #tokens: Piece[];
  readonly #searchPath: string;

  constructor(tokens: Piece[], options: TranslateOptions) {
    this.#tokens = tokens;
    const ns = options.namespace;
    this.#searchPath = ns ? `\`${ns.catalog}\`.\`${ns.schema}\`` : '`spark_catalog`.`default`';
  }

  all(): string {
    return this.expression(0, this.#tokens.length);
  }

  /** One statement of a loading script. */
  script(): string {
    const words = this.#tokens.slice(0, 6).map((t) => (t.kind === 'word' ? t.text.toLowerCase() : t.text));
    const [first, second] = words;
    if (first === 'select' || first === 'with' || first === '(') return this.all();
    if (first === 'insert' && second === 'into') return this.all();
    if (first === 'truncate' && second === 'table') return this.all();
    if (first === 'drop' && ['table', 'view', 'schema', 'database'].includes(second!)) return this.all().replace(/^DROP\s+DATABASE/i, 'DROP SCHEMA');
    if (first === 'use') return this.use(words);
    if (first === 'create') return this.create(words);
    throw sqlErrors.notSupportedHere(`${first?.toUpperCase()} statements`);
  }

  /** `USE [CATALOG|SCHEMA|DATABASE] name`: DuckDB's USE takes either. */
  use(words: string[]): string {
    const nameAt = ['catalog', 'schema', 'database'].includes(words[1]!) ? 2 : 1;
    return `USE ${this.expression(nameAt, this.#tokens.length)}`;
  }

  create(words: string[]): string {
    let i = 1;
    const replace = words[1] === 'or' && words[2] === 'replace';
    if (replace) i = 3;
    const kind = words[i];
    if (kind === 'schema' || kind === 'database') return this.createSchema(i + 1);
    if (kind === 'table') return this.createTable(i + 1, replace);
    if (kind === 'view' || (kind === 'temporary' || kind === 'temp') && words[i + 1] === 'view') return this.all();
    throw sqlErrors.notSupportedHere(`CREATE ${kind?.toUpperCase() ?? ''}`.trim());
  }

  /** Keeps `[IF NOT EXISTS] name`; comments, locations and properties mean nothing to DuckDB. */
  createSchema(start: number): string {
    const { text, end } = this.#ifNotExistsAndName(start);
    this.#dropTableOptions(end);
    return `CREATE SCHEMA ${text}`;
  }

  createTable(start: number, replace: boolean): string {
    const { text, end } = this.#ifNotExistsAndName(start);
    let sql = `CREATE ${replace ? 'OR REPLACE ' : ''}TABLE ${text}`;
    let i = end;
    if (this.#tokens[i]?.text === '(') {
      const close = this.#closing(i);
      const columns = this.#splitArguments(i + 1, close)
        .filter(([from]) => !/^(constraint|primary|foreign)$/i.test(this.#tokens[from]!.text)) // informational constraints
        .map(([from, to]) => this.#columnDefinition(from, to));
      sql += ` (${columns.join(', ')})`;
      i = close + 1;
    }
    i = this.#dropTableOptions(i);
    if (i < this.#tokens.length) {
      if (this.#word(i) !== 'as') throw sqlErrors.syntax(this.#tokens[i]!.text);
      sql += ` AS ${this.expression(i + 1, this.#tokens.length)}`;
    }
    return sql;
  }

  #ifNotExistsAndName(start: number): { text: string; end: number } {
    let i = start;
    let prefix = '';
    if (this.#word(i) === 'if' && this.#word(i + 1) === 'not' && this.#word(i + 2) === 'exists') {
      prefix = 'IF NOT EXISTS ';
      i += 3;
    }
    let end = i + 1;
    while (this.#tokens[end]?.text === '.' && this.#tokens[end + 1]) end += 2;
    return { text: prefix + this.expression(i, end), end };
  }

  /** Skips USING, COMMENT, LOCATION, TBLPROPERTIES, OPTIONS, PARTITIONED/CLUSTER BY clauses. */
  #dropTableOptions(start: number): number {
    let i = start;
    for (;;) {
      const word = this.#word(i);
      if (word === 'using' || word === 'comment' || word === 'location') i += 2;
      else if (word === 'managed' && this.#word(i + 1) === 'location') i += 3;
      else if (word === 'tblproperties' || word === 'options') i = this.#closing(i + 1) + 1;
      else if (word === 'with' && this.#word(i + 1) === 'dbproperties') i = this.#closing(i + 2) + 1;
      else if ((word === 'partitioned' || word === 'cluster') && this.#word(i + 1) === 'by') i = this.#closing(i + 2) + 1;
      else return i;
    }
  }

  /** `name TYPE [NOT NULL] [DEFAULT expr] [COMMENT 'text']`. */
  #columnDefinition(from: number, to: number): string {
    const name = this.expression(from, from + 1);
    const type = parseSparkType(this.#tokens, from + 1);
    const rest: string[] = [];
    let i = type.end;
    while (i < to) {
      const word = this.#word(i);
      if (word === 'comment') i += 2;
      else if (word === 'not' && this.#word(i + 1) === 'null') {
        rest.push('NOT NULL');
        i += 2;
      } else if (word === 'default') {
        let end = i + 1;
        while (end < to && !['comment', 'not'].includes(this.#word(end) ?? '')) end++;
        rest.push(`DEFAULT ${this.expression(i + 1, end)}`);
        i = end;
      } else throw sqlErrors.notSupportedHere(`the column option ${this.#tokens[i]!.text}`);
    }
    return [name, type.duckdb, ...rest].join(' ');
  }

  /** Translates tokens [start, end) of an expression or query. */
  expression(start: number, end: number): string {
    let out = '';
    const emit = (text: string, at: number) => {
      out += (out && this.#tokens[at]!.spaced ? ' ' : '') + text;
    };
    for (let i = start; i < end; i++) {
      const token = this.#tokens[i]!;
      switch (token.kind) {
        case 'word': {
          const word = token.text.toLowerCase();
          if (this.#tokens[i + 1]?.text === '(' && this.#isCall(i)) {
            const close = this.#closing(i + 1);
            emit(this.#call(i, close), i);
            i = close;
          } else if (word === 'div') emit('//', i);
          else if (TYPED_LITERALS[token.text.toUpperCase()] && this.#tokens[i + 1]?.kind === 'string')
            emit(TYPED_LITERALS[token.text.toUpperCase()]!, i);
          else emit(token.text, i);
          break;
        }
        case 'quoted':
          emit(`"${token.value.replaceAll('"', '""')}"`, i);
          break;
        case 'string': {
          // Adjacent literals are one string in Databricks ('a' 'b' is 'ab').
          let value = token.value;
          while (i + 1 < end && this.#tokens[i + 1]!.kind === 'string') value += this.#tokens[++i]!.value;
          emit(`'${value.replaceAll("'", "''")}'`, i);
          break;
        }
        case 'number':
          emit(numberLiteral(token.text), i);
          break;
        case 'parameter':
          this.parameters.add(token.value);
          emit(`$${token.value}`, i);
          break;
        case 'operator':
          i = this.#operator(i, emit);
          break;
        case 'punctuation':
          if (token.text === '[') {
            throw this.#followsValue(i) ? sqlErrors.notSupportedHere('array subscripts') : sqlErrors.syntax('[');
          }
          if (token.text === '{' || token.text === '}') throw sqlErrors.syntax(token.text);
          emit(token.text, i);
          break;
        default:
          emit(token.text, i);
      }
    }
    return out;
  }

  #operator(i: number, emit: (text: string, at: number) => void): number {
    const op = this.#tokens[i]!.text;
    switch (op) {
      case '::': {
        const type = parseSparkType(this.#tokens, i + 1);
        emit(`::${type.duckdb}`, i);
        return type.end - 1;
      }
      case '<=>':
        emit('IS NOT DISTINCT FROM', i);
        return i;
      case '==':
        emit('=', i);
        return i;
      case '//':
      case '**':
      case '->>':
        throw sqlErrors.syntax(op);
      case '^':
      case '~':
      case '!':
      case '->':
        throw sqlErrors.notSupportedHere(`the ${op} operator`);
      default:
        emit(op, i);
        return i;
    }
  }

  #call(nameAt: number, close: number): string {
    const name = this.#tokens[nameAt]!.text.toLowerCase();
    const ranges = this.#splitArguments(nameAt + 2, close);
    if (name === 'cast' || name === 'try_cast') return this.#cast(name, ranges, close);
    const argTokens = ranges.map(([from, to]) => this.#tokens.slice(from, to));
    const args = ranges.map(([from, to]) => this.expression(from, to));
    return translateFunctionCall({ name, args, argTokens }, this.#searchPath);
  }

  /** `CAST(expr AS type)` with the type translated. */
  #cast(name: string, ranges: [number, number][], close: number): string {
    const [range] = ranges;
    if (ranges.length !== 1 || !range) throw sqlErrors.syntax(ranges.length === 0 ? ')' : ',');
    let depth = 0;
    let as = -1;
    for (let i = range[0]; i < range[1]; i++) {
      const text = this.#tokens[i]!.text;
      if (text === '(') depth++;
      else if (text === ')') depth--;
      else if (depth === 0 && this.#word(i) === 'as') as = i;
    }
    if (as < 0) throw sqlErrors.syntax(')');
    const type = parseSparkType(this.#tokens, as + 1);
    if (type.end !== close) throw sqlErrors.syntax(this.#tokens[type.end]!.text);
    return `${name.toUpperCase()}(${this.expression(range[0], as)} AS ${type.duckdb})`;
  }

  /** Whether `word (` at `i` calls a function (rather than being syntax or a table's column list). */
  #isCall(i: number): boolean {
    const word = this.#tokens[i]!.text.toLowerCase();
    if (SYNTAX_WORDS.has(word)) return false;
    // `WITH name(a, b) AS (…)`: a CTE's column list.
    const close = this.#closing(i + 1);
    if (this.#word(close + 1) === 'as' && this.#tokens[close + 2]?.text === '(') return false;
    let before = i - 1;
    while (this.#tokens[before]?.text === '.' && this.#tokens[before - 1]) before -= 2;
    if (BEFORE_TABLE_NAME.has(this.#word(before) ?? '')) return false;
    if (before !== i - 1) {
      const qualified = this.#tokens.slice(before + 1, i + 1).map((t) => t.value).join('');
      throw sqlErrors.unresolvedRoutine(qualified, this.#searchPath);
    }
    return true;
  }

  #followsValue(i: number): boolean {
    const previous = this.#tokens[i - 1];
    if (!previous) return false;
    if (previous.kind === 'quoted' || previous.text === ')' || previous.text === ']') return true;
    return previous.kind === 'word' && !SYNTAX_WORDS.has(previous.text.toLowerCase()) && previous.text.toLowerCase() !== 'select';
  }

  /** Index of the `)` matching the `(` at `open`. */
  #closing(open: number): number {
    if (this.#tokens[open]?.text !== '(') throw sqlErrors.syntax(this.#tokens[open]?.text ?? '<EOF>');
    let depth = 0;
    for (let i = open; i < this.#tokens.length; i++) {
      const text = this.#tokens[i]!.text;
      if (text === '(') depth++;
      else if (text === ')' && --depth === 0) return i;
    }
    throw sqlErrors.syntax('<EOF>');
  }

  /** [from, to) ranges of the comma-separated arguments between two parentheses. */
  #splitArguments(from: number, to: number): [number, number][] {
    if (from === to) return [];
    const ranges: [number, number][] = [];
    let depth = 0;
    let start = from;
    for (let i = from; i < to; i++) {
      const text = this.#tokens[i]!.text;
      if (text === '(') depth++;
      else if (text === ')') depth--;
      else if (text === ',' && depth === 0) {
        ranges.push([start, i]);
        start = i + 1;
      }
    }
    ranges.push([start, to]);
    if (ranges.some(([a, b]) => a === b)) throw sqlErrors.syntax(',');
    return ranges;
  }

  #word(i: number): string | undefined {
    const token = this.#tokens[i];
    return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
  }
}

const SUFFIX_TYPES: Record<string, string> = { L: 'BIGINT', S: 'SMALLINT', Y: 'TINYINT', D: 'DOUBLE', F: 'FLOAT' };

/** Databricks numeric literals with a type suffix (`10L`, `1.5BD`) become casts. */
function numberLiteral(text: string): string {
  const match = /^(.*?)(BD|[LSYDF])?$/i.exec(text)!;
  const [, digits, suffix] = match as unknown as [string, string, string | undefined];
  if (!suffix) return text;
  if (suffix.toUpperCase() === 'BD') {
    const [whole = '', fraction = ''] = digits.split('.');
    const scale = fraction.length;
    const precision = Math.max(whole.replace(/^0+/, '').length + scale, 1);
    return `CAST(${digits} AS DECIMAL(${precision},${scale}))`;
  }
  return `CAST(${digits} AS ${SUFFIX_TYPES[suffix.toUpperCase()]})`;
}
