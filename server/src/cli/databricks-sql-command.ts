import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { demoTenantProfiles } from '../demo-data/profiles.js';
import { databricksLoadScript } from '../demo-data/databricks/load-script.js';
import {
  DEFAULT_CATALOG_PREFIX,
  DEFAULT_SHARED_CATALOG,
  type NamespaceLayout,
} from '../demo-data/databricks/tenant-namespaces.js';

/** The command's lines in `kineo`'s usage text. */
export const databricksSqlUsage =
  '  databricks-sql [--tenant T,U] [--layout catalog|schema] [--catalog-prefix P] [--catalog C] [--out FILE]\n' +
  '                                    print the Databricks SQL script that loads the demo tenants\' data (default: all): a catalog\n' +
  '                                    per tenant, <P><tenant>.gold (P: kineo_), or with --layout schema <C>.<tenant> (C: kineo)';

/** A bad option value; the code makes `kineo` print the usage, as for parseArgs' own errors. */
class OptionValueError extends Error {
  readonly code = 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE';
}

/**
 * `kineo databricks-sql`: writes the load script for the seeded demo tenants in `dataDir` to
 * `--out` (replaced only once the whole script is written) or to stdout.
 */
export async function databricksSqlCommand(
  args: string[],
  dataDir: string,
  output: { stdout: Writable; stderr: Writable } = process,
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: 'string' },
      layout: { type: 'string', default: 'catalog' },
      'catalog-prefix': { type: 'string' },
      catalog: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const layout = namespaceLayout(values.layout, values['catalog-prefix'], values.catalog);
  const tenants = values.tenant
    ? values.tenant.split(',').map((tenant) => tenant.trim()).filter(Boolean)
    : demoTenantProfiles.map((profile) => profile.id);
  if (tenants.length === 0) throw new OptionValueError('--tenant needs at least one tenant');
  const missing = tenants.filter((tenant) => !existsSync(join(dataDir, `${tenant}.duckdb`)));
  if (missing.length > 0)
    throw new Error(`no demo data for ${missing.join(', ')} in ${dataDir} (run \`npx kineo seed\` first)`);

  const script = Readable.from(databricksLoadScript({ dataDir, tenants, layout }));
  if (!values.out) {
    try {
      await pipeline(script, output.stdout, { end: false });
    } catch (error) {
      // The reader went away (`… | head`): it has what it wanted.
      if ((error as { code?: string }).code !== 'EPIPE') throw error;
    }
    return;
  }
  const out = resolve(values.out);
  const partial = `${out}.partial-${process.pid}`;
  try {
    await pipeline(script, createWriteStream(partial));
    renameSync(partial, out);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  output.stderr.write(`Databricks load script for ${tenants.join(', ')} written to ${out}\n`);
}

function namespaceLayout(kind: string | undefined, catalogPrefix: string | undefined, catalog: string | undefined): NamespaceLayout {
  if (kind === 'catalog') {
    if (catalog !== undefined) throw new OptionValueError('--catalog goes with --layout schema (use --catalog-prefix)');
    return { kind, catalogPrefix: catalogPrefix ?? DEFAULT_CATALOG_PREFIX };
  }
  if (kind === 'schema') {
    if (catalogPrefix !== undefined) throw new OptionValueError('--catalog-prefix goes with --layout catalog (use --catalog)');
    return { kind, catalog: catalog ?? DEFAULT_SHARED_CATALOG };
  }
  throw new OptionValueError(`--layout must be catalog or schema, not "${kind}"`);
}
