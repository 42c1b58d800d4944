import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabricksSettingsError, databricksSettingsFromEnv } from './databricks-settings.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
const SECRET_TOKEN = 'dapi-very-secret-0123456789';
const SECRET_CLIENT = 'oauth-client-secret-9876543210';

const base = {
  DATABRICKS_HOST: 'adb-1234567890123456.7.azuredatabricks.net',
  DATABRICKS_HTTP_PATH: '/sql/1.0/warehouses/abc123',
  DATABRICKS_TOKEN: SECRET_TOKEN,
};

function problemsOf(env: Record<string, string | undefined>, readFile?: (path: string) => string): string[] {
  try {
    databricksSettingsFromEnv(env, readFile ? { readFile } : {});
  } catch (error) {
    assert.ok(error instanceof DatabricksSettingsError);
    for (const value of Object.values(env).filter((v) => v !== undefined && v.length > 6))
      assert.ok(!error.message.includes(value!), `the message must not repeat a value: ${error.message}`);
    return error.problems;
  }
  return [];
}

describe('Databricks settings from env', () => {
  test('a token configuration with defaults', () => {
    assert.deepEqual(databricksSettingsFromEnv(base), {
      host: 'adb-1234567890123456.7.azuredatabricks.net',
      port: 443,
      path: '/sql/1.0/warehouses/abc123',
      auth: { kind: 'token', token: SECRET_TOKEN },
      sessionsPerTenant: 4,
      statementTimeoutSeconds: 120,
    });
  });

  test('accepts https:// and a trailing slash on the host, a path without its leading slash, and a workspace query', () => {
    const settings = databricksSettingsFromEnv({
      ...base,
      DATABRICKS_HOST: 'https://dbc-a1b2.cloud.databricks.com/',
      DATABRICKS_HTTP_PATH: 'sql/1.0/warehouses/abc123?o=42',
    });
    assert.equal(settings.host, 'dbc-a1b2.cloud.databricks.com');
    assert.equal(settings.path, '/sql/1.0/warehouses/abc123?o=42');
  });

  test('OAuth machine-to-machine, port, CA file, pool size and statement timeout', () => {
    const settings = databricksSettingsFromEnv(
      {
        DATABRICKS_HOST: '127.0.0.1',
        DATABRICKS_PORT: '8443',
        DATABRICKS_HTTP_PATH: '/sql/1.0/warehouses/kineo-test',
        DATABRICKS_CLIENT_ID: 'sp-client-id',
        DATABRICKS_CLIENT_SECRET: SECRET_CLIENT,
        DATABRICKS_CA_CERT_FILE: '/etc/kineo/ca.pem',
        KINEO_DATABRICKS_SESSIONS_PER_TENANT: '2',
        KINEO_DATABRICKS_STATEMENT_TIMEOUT_SECONDS: '120',
      },
      { readFile: (path) => (path === '/etc/kineo/ca.pem' ? PEM : assert.fail(path)) },
    );
    assert.deepEqual(settings.auth, { kind: 'oauth-m2m', clientId: 'sp-client-id', clientSecret: SECRET_CLIENT });
    assert.equal(settings.port, 8443);
    assert.equal(settings.caCert, PEM);
    assert.equal(settings.sessionsPerTenant, 2);
    assert.equal(settings.statementTimeoutSeconds, 120);
  });

  test('lists every problem at once, naming variables and never their values', () => {
    const problems = problemsOf({
      DATABRICKS_HOST: 'http://plain-http.example.com',
      DATABRICKS_PORT: '70000',
      DATABRICKS_TOKEN: SECRET_TOKEN,
      DATABRICKS_CLIENT_SECRET: SECRET_CLIENT,
      KINEO_DATABRICKS_SESSIONS_PER_TENANT: '0',
      KINEO_DATABRICKS_STATEMENT_TIMEOUT_SECONDS: '2.5',
    });
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.match(problems.join('\n'), /DATABRICKS_HOST must not use http:\/\//);
    assert.match(problems.join('\n'), /DATABRICKS_PORT must be a whole number/);
    assert.match(problems.join('\n'), /DATABRICKS_HTTP_PATH is required/);
    assert.match(problems.join('\n'), /either DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/);
    assert.match(problems.join('\n'), /KINEO_DATABRICKS_SESSIONS_PER_TENANT must be a whole number from 1 to 64/);
    assert.match(problems.join('\n'), /KINEO_DATABRICKS_STATEMENT_TIMEOUT_SECONDS must be a whole number from 1 to 172800/);
  });

  test('refuses a host with a port, path or credentials, and a malformed path', () => {
    for (const host of ['warehouse.example.com:443', 'warehouse.example.com/sql', 'user:pw@warehouse.example.com', 'bad host'])
      assert.match(problemsOf({ ...base, DATABRICKS_HOST: host }).join(), /DATABRICKS_HOST must be a host name only/, host);
    assert.match(problemsOf({ ...base, DATABRICKS_HTTP_PATH: '/sql/1.0/warehouses/a b' }).join(), /DATABRICKS_HTTP_PATH must be a URL path/);
  });

  test('credentials: none, or a client id without its secret (the interactive flow), are refused', () => {
    assert.match(problemsOf({ ...base, DATABRICKS_TOKEN: undefined }).join(), /credentials are required/);
    assert.match(
      problemsOf({ ...base, DATABRICKS_TOKEN: '  ', DATABRICKS_CLIENT_ID: 'sp-client-id' }).join(),
      /needs both DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET/,
    );
  });

  test('a CA file that cannot be read or is not PEM is refused without echoing its content', () => {
    const unreadable = problemsOf({ ...base, DATABRICKS_CA_CERT_FILE: '/nowhere/ca.pem' }, () => {
      throw new Error('ENOENT: /nowhere/ca.pem');
    });
    assert.deepEqual(unreadable, ['DATABRICKS_CA_CERT_FILE names a file that could not be read']);
    const notPem = problemsOf({ ...base, DATABRICKS_CA_CERT_FILE: '/etc/ca.der' }, () => 'binary-secretish-content');
    assert.deepEqual(notPem, ['DATABRICKS_CA_CERT_FILE must hold a PEM certificate (-----BEGIN CERTIFICATE----- …)']);
  });
});
