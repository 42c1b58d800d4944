import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { databricksSqlCommand } from './databricks-sql-command.js';
import { demoDataDir } from '../testing/test-data.js';

/** Collects what the command writes to one of its outputs. */
function capture(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('kineo databricks-sql', () => {
  let dataDir: string;
  let outDir: string;

  before(async () => {
    dataDir = await demoDataDir();
    outDir = mkdtempSync(join(tmpdir(), 'kineo-databricks-sql-'));
  });
  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes the same script to --out as to stdout, and says where it went', async () => {
    const [stdout, stderr] = [capture(), capture()];
    await databricksSqlCommand(['--tenant', 'techcorp', '--layout', 'schema'], dataDir, { stdout: stdout.stream, stderr: stderr.stream });
    assert.equal(stderr.text(), '');
    const out = join(outDir, 'techcorp.sql');
    const note = capture();
    await databricksSqlCommand(['--tenant', 'techcorp', '--layout', 'schema', '--out', out], dataDir, { stdout: capture().stream, stderr: note.stream });
    assert.equal(note.text(), `Databricks load script for techcorp written to ${out}\n`);
    const script = readFileSync(out, 'utf8');
    assert.equal(stdout.text(), script);
    assert.match(script, /^-- Kineo Embed demo data for Databricks SQL: the gold tables of techcorp\.\n/);
    assert.match(script, /^CREATE SCHEMA IF NOT EXISTS `kineo`\.`techcorp`;$/m);
    assert.deepEqual(readdirSync(outDir), ['techcorp.sql'], 'no partial file left behind');
  });

  it('names the catalog after the prefix and the tenant in the catalog layout', async () => {
    const stdout = capture();
    await databricksSqlCommand(['--tenant', 'techcorp', '--catalog-prefix', 'demo_'], dataDir, { stdout: stdout.stream, stderr: capture().stream });
    assert.match(stdout.text(), /^--   techcorp  namespace: demo_techcorp\.gold$/m);
    assert.match(stdout.text(), /^CREATE CATALOG IF NOT EXISTS `demo_techcorp`;$/m);
  });

  it('refuses option values that do not fit, as usage errors', async () => {
    const usage = { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' };
    await assert.rejects(databricksSqlCommand(['--layout', 'table'], dataDir), { ...usage, message: /--layout must be catalog or schema/ });
    await assert.rejects(databricksSqlCommand(['--layout', 'schema', '--catalog-prefix', 'x_'], dataDir), usage);
    await assert.rejects(databricksSqlCommand(['--catalog', 'kineo'], dataDir), usage);
    await assert.rejects(databricksSqlCommand(['--tenant', ' , '], dataDir), usage);
    await assert.rejects(databricksSqlCommand(['--schema', 'gold'], dataDir), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
  });

  it('refuses names the tenant registry would not accept, before writing anything', async () => {
    const out = join(outDir, 'bad.sql');
    await assert.rejects(
      databricksSqlCommand(['--tenant', 'techcorp', '--catalog-prefix', 'Kineo-', '--out', out], dataDir),
      /not a Databricks namespace the tenant registry accepts/,
    );
    assert.ok(!readdirSync(outDir).some((file) => file.startsWith('bad.sql')), 'nothing written');
  });

  it('asks for seeding when a tenant has no demo data', async () => {
    await assert.rejects(databricksSqlCommand(['--tenant', 'nobody'], dataDir), /no demo data for nobody .*npx kineo seed/);
  });
});
