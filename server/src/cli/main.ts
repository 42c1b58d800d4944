import { parseArgs } from 'node:util';
import { loadServerConfiguration } from '../bootstrap.js';
import { startNodeServer } from '../node-server.js';
import { settingsFromEnv } from '../settings.js';
import { jsonLogger } from '../http/logger.js';
import { seedDemoData, tenantsMissingData } from './seed-command.js';
import { developmentToken } from './token-command.js';
import { demoPersonas } from './personas-command.js';
import { keysCommand, type KeysAction } from './keys-command.js';
import { databricksSqlCommand, databricksSqlUsage } from './databricks-sql-command.js';

const usage = `Usage: kineo <command> [options]

Commands:
  seed [--users N] [--force]        generate the demo tenants' data (acme gets N users, others in proportion)
  serve                             start the API on PORT (default 8787); seeds missing demo data first
  token --tenant T --sub U --role R [--orgs a,b] [--dashboards x,y] [--filters JSON]
        [--permissions export] [--ttl SECONDS]
                                  print an embed token signed with the tenant's development key
  personas --tenant T               print the tenant's demo users as JSON
  keys create --tenant T [--label L] create a tenant API key for POST /v1/embed-tokens (shown once)
  keys list --tenant T              list a tenant's API keys
  keys revoke --tenant T --id ID    revoke one
  keys rotate-signing               add a new API signing key; the previous one verifies until its tokens expire
${databricksSqlUsage}
  audit --tenant T [--limit N]      print the tenant's audit records (tokens minted, refused, rejected; origins refused; exports) as JSON lines

Environment: PORT, KINEO_HOST, KINEO_DATA_DIR (default ./.kineo), KINEO_TENANTS_FILE, KINEO_CATALOG_DIR,
             KINEO_AUDIENCE, KINEO_ISSUER; for tenants on the Databricks engine DATABRICKS_HOST,
             DATABRICKS_HTTP_PATH, DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET,
             and optionally DATABRICKS_PORT, DATABRICKS_CA_CERT_FILE, KINEO_DATABRICKS_SESSIONS_PER_TENANT,
             KINEO_DATABRICKS_STATEMENT_TIMEOUT_SECONDS (docs/databricks.md)`;

class UsageError extends Error {}

const csv = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : undefined);

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const settings = settingsFromEnv();
  switch (command) {
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { users: { type: 'string' }, force: { type: 'boolean' } } });
      const config = await loadServerConfiguration(settings);
      await seedDemoData({
        dataDir: settings.dataDir,
        tenants: config.tenants,
        users: positiveInteger(values.users, '--users'),
        force: values.force,
      });
      return;
    }
    case 'serve': {
      parseArgs({ args: rest, options: {} });
      const config = await loadServerConfiguration(settings);
      if (tenantsMissingData(settings.dataDir, config.tenants).length > 0)
        await seedDemoData({ dataDir: settings.dataDir, tenants: config.tenants });
      const server = await startNodeServer(config, jsonLogger());
      process.stderr.write(
        `Kineo API listening on ${server.url}\n` +
          `  tenants: ${config.tenants.all().map((t) => (t.engine === 'duckdb' ? t.id : `${t.id} (${t.engine} ${t.namespace})`)).join(', ')}   data: ${settings.dataDir}\n` +
          `  elements: ${server.url}/elements/kineo.js\n` +
          `  try: TOKEN=$(npx kineo token --tenant acme --sub acme-u000001 --role admin)\n` +
          `       curl -H "Authorization: Bearer $TOKEN" ${server.url}/v1/dashboards\n`,
      );
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    case 'databricks-sql':
      return databricksSqlCommand(rest, settings.dataDir);
    case 'token': {
      const { values } = parseArgs({
        args: rest,
        options: {
          tenant: { type: 'string' },
          sub: { type: 'string' },
          role: { type: 'string' },
          orgs: { type: 'string' },
          dashboards: { type: 'string' },
          filters: { type: 'string' },
          permissions: { type: 'string' },
          ttl: { type: 'string' },
        },
      });
      for (const flag of ['tenant', 'sub', 'role'] as const)
        if (!values[flag]) throw new UsageError(`token needs --${flag}`);
      const config = await loadServerConfiguration(settings, { deepCatalogChecks: false });
      const token = await developmentToken(config, {
        tenant: values.tenant!,
        sub: values.sub!,
        role: values.role!,
        orgs: csv(values.orgs),
        dashboards: csv(values.dashboards),
        filters: values.filters,
        permissions: csv(values.permissions),
        ttlSeconds: positiveInteger(values.ttl, '--ttl') ?? 600,
      });
      process.stdout.write(token + '\n');
      return;
    }
    case 'personas': {
      const { values } = parseArgs({ args: rest, options: { tenant: { type: 'string' } } });
      if (!values.tenant) throw new UsageError('personas needs --tenant');
      const config = await loadServerConfiguration(settings);
      if (tenantsMissingData(settings.dataDir, config.tenants).includes(values.tenant))
        await seedDemoData({ dataDir: settings.dataDir, tenants: config.tenants });
      process.stdout.write(JSON.stringify(await demoPersonas(config, values.tenant), null, 2) + '\n');
      return;
    }
    case 'keys': {
      const [action, ...flags] = rest;
      if (!action || !['create', 'list', 'revoke', 'rotate-signing'].includes(action))
        throw new UsageError('keys needs one of: create, list, revoke, rotate-signing');
      const { values } = parseArgs({
        args: flags,
        options: { tenant: { type: 'string' }, label: { type: 'string' }, id: { type: 'string' } },
      });
      const config = await loadServerConfiguration(settings, { deepCatalogChecks: false });
      const { output, note } = await keysCommand(config, action as KeysAction, values);
      if (output) process.stdout.write(output + '\n');
      if (note) process.stderr.write(note + '\n');
      return;
    }
    case 'audit': {
      const { values } = parseArgs({ args: rest, options: { tenant: { type: 'string' }, limit: { type: 'string' } } });
      if (!values.tenant) throw new UsageError('audit needs --tenant');
      const config = await loadServerConfiguration(settings, { deepCatalogChecks: false });
      const records = config.audit.read(values.tenant).slice(-(positiveInteger(values.limit, '--limit') ?? 100));
      process.stdout.write(records.map((record) => JSON.stringify(record)).join('\n') + (records.length ? '\n' : ''));
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage + '\n');
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usageProblem = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`kineo: ${(error as Error).message}\n`);
  if (usageProblem) process.stderr.write(`\n${usage}\n`);
  process.exit(usageProblem ? 2 : 1);
});
