import { readFileSync } from 'node:fs';

/** How the engine proves who it is to the workspace. */
export type DatabricksAuth =
  | { kind: 'token'; token: string }
  /** OAuth machine-to-machine: a service principal's client id and secret. */
  | { kind: 'oauth-m2m'; clientId: string; clientSecret: string };

/** Where the SQL warehouse is and how the engine uses it; read once at start-up. */
export interface DatabricksSettings {
  /** Host name only (no scheme, no port, no path). */
  host: string;
  port: number;
  /** The warehouse's HTTP path, starting with `/`. */
  path: string;
  auth: DatabricksAuth;
  /** Extra CA certificate (PEM) trusted next to the system roots: TLS-inspecting proxies, test warehouses. */
  caCert?: string;
  /** Sessions kept per tenant namespace: how many of its statements may run at once. */
  sessionsPerTenant: number;
  /** The warehouse-side `STATEMENT_TIMEOUT` every session is opened with. */
  statementTimeoutSeconds: number;
}

/** The variables read, for documentation and for telling whether Databricks is configured at all. */
export const databricksEnv = {
  host: 'DATABRICKS_HOST',
  port: 'DATABRICKS_PORT',
  path: 'DATABRICKS_HTTP_PATH',
  token: 'DATABRICKS_TOKEN',
  clientId: 'DATABRICKS_CLIENT_ID',
  clientSecret: 'DATABRICKS_CLIENT_SECRET',
  caCertFile: 'DATABRICKS_CA_CERT_FILE',
  sessionsPerTenant: 'KINEO_DATABRICKS_SESSIONS_PER_TENANT',
  statementTimeoutSeconds: 'KINEO_DATABRICKS_STATEMENT_TIMEOUT_SECONDS',
} as const;

export const DEFAULT_SESSIONS_PER_TENANT = 4;
/**
 * A backstop only: the engine cancels each statement at its own per-run timeout, which the catalog
 * caps at 120 s. The warehouse stops anything our cancel never reached.
 */
export const DEFAULT_STATEMENT_TIMEOUT_SECONDS = 120;
/** Databricks accepts STATEMENT_TIMEOUT values up to two days. */
const MAX_STATEMENT_TIMEOUT_SECONDS = 172_800;
const MAX_SESSIONS_PER_TENANT = 64;

/** Every problem found in the environment at once. Messages name variables, never their values. */
export class DatabricksSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Databricks settings are invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'DatabricksSettingsError';
  }
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** Warehouse paths look like `/sql/1.0/warehouses/<id>`, optionally with `?o=<workspace id>`. */
const HTTP_PATH = /^\/[A-Za-z0-9._~\-/]*(?:\?[A-Za-z0-9._~\-=&]*)?$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

type Env = Readonly<Record<string, string | undefined>>;

export interface SettingsSources {
  /** Reads the CA file; injectable so tests need no files. */
  readFile?: (path: string) => string;
}

/**
 * Reads and validates the Databricks settings. Throws a `DatabricksSettingsError` listing every
 * problem; no message ever repeats a value (tokens, secrets, and hosts stay out of logs).
 */
export function databricksSettingsFromEnv(env: Env = process.env, sources: SettingsSources = {}): DatabricksSettings {
  const problems: string[] = [];
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const host = parseHost(read(databricksEnv.host), problems);
  const port = parseInteger(read(databricksEnv.port), databricksEnv.port, { min: 1, max: 65_535, fallback: 443 }, problems);
  const path = parsePath(read(databricksEnv.path), problems);
  const auth = parseAuth(read(databricksEnv.token), read(databricksEnv.clientId), read(databricksEnv.clientSecret), problems);
  const caCert = readCaCert(read(databricksEnv.caCertFile), sources.readFile ?? ((file) => readFileSync(file, 'utf8')), problems);
  const sessionsPerTenant = parseInteger(
    read(databricksEnv.sessionsPerTenant),
    databricksEnv.sessionsPerTenant,
    { min: 1, max: MAX_SESSIONS_PER_TENANT, fallback: DEFAULT_SESSIONS_PER_TENANT },
    problems,
  );
  const statementTimeoutSeconds = parseInteger(
    read(databricksEnv.statementTimeoutSeconds),
    databricksEnv.statementTimeoutSeconds,
    { min: 1, max: MAX_STATEMENT_TIMEOUT_SECONDS, fallback: DEFAULT_STATEMENT_TIMEOUT_SECONDS },
    problems,
  );

  if (problems.length > 0) throw new DatabricksSettingsError(problems);
  return {
    host: host!,
    port,
    path: path!,
    auth: auth!,
    ...(caCert === undefined ? {} : { caCert }),
    sessionsPerTenant,
    statementTimeoutSeconds,
  };
}

function parseHost(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined) {
    problems.push(`${databricksEnv.host} is required: the workspace host name, e.g. adb-1234567890123456.7.azuredatabricks.net`);
    return undefined;
  }
  if (/^http:\/\//i.test(raw)) {
    problems.push(`${databricksEnv.host} must not use http://: the driver connects over HTTPS only`);
    return undefined;
  }
  const host = raw.replace(/^https:\/\//i, '').replace(/\/+$/, '');
  if (!HOST_NAME.test(host)) {
    problems.push(
      `${databricksEnv.host} must be a host name only (no port, path or credentials); set the port in ${databricksEnv.port}`,
    );
    return undefined;
  }
  return host;
}

function parsePath(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined) {
    problems.push(`${databricksEnv.path} is required: the SQL warehouse's HTTP path, e.g. /sql/1.0/warehouses/<id>`);
    return undefined;
  }
  const path = raw.startsWith('/') ? raw : `/${raw}`;
  if (!HTTP_PATH.test(path)) {
    problems.push(`${databricksEnv.path} must be a URL path such as /sql/1.0/warehouses/<id>`);
    return undefined;
  }
  return path;
}

function parseAuth(
  token: string | undefined,
  clientId: string | undefined,
  clientSecret: string | undefined,
  problems: string[],
): DatabricksAuth | undefined {
  const oauth = clientId !== undefined || clientSecret !== undefined;
  if (token !== undefined && oauth) {
    problems.push(
      `set either ${databricksEnv.token} or ${databricksEnv.clientId} with ${databricksEnv.clientSecret}, not both`,
    );
    return undefined;
  }
  if (token !== undefined) return { kind: 'token', token };
  if (clientId !== undefined && clientSecret !== undefined) return { kind: 'oauth-m2m', clientId, clientSecret };
  if (oauth) {
    // Without a secret the driver would start the interactive browser (U2M) flow: useless on a server.
    problems.push(`OAuth machine-to-machine needs both ${databricksEnv.clientId} and ${databricksEnv.clientSecret}`);
    return undefined;
  }
  problems.push(
    `credentials are required: ${databricksEnv.token} (a personal access or service principal token), ` +
      `or ${databricksEnv.clientId} with ${databricksEnv.clientSecret} (OAuth machine-to-machine)`,
  );
  return undefined;
}

function readCaCert(file: string | undefined, readFile: (path: string) => string, problems: string[]): string | undefined {
  if (file === undefined) return undefined;
  let pem: string;
  try {
    pem = readFile(file);
  } catch {
    problems.push(`${databricksEnv.caCertFile} names a file that could not be read`);
    return undefined;
  }
  if (!PEM_CERTIFICATE.test(pem)) {
    problems.push(`${databricksEnv.caCertFile} must hold a PEM certificate (-----BEGIN CERTIFICATE----- …)`);
    return undefined;
  }
  return pem;
}

function parseInteger(
  raw: string | undefined,
  name: string,
  rule: { min: number; max: number; fallback: number },
  problems: string[],
): number {
  if (raw === undefined) return rule.fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < rule.min || value > rule.max) {
    problems.push(`${name} must be a whole number from ${rule.min} to ${rule.max}`);
    return rule.fallback;
  }
  return value;
}
