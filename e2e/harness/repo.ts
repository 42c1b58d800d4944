// Where things are in the repository, for the end-to-end harness.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The `kineo` command (runs the server from its TypeScript sources). */
export const kineoBin = join(repoRoot, 'server/bin/kineo.js');
export const shippedTenantsFile = join(repoRoot, 'server/config/tenants.yaml');
/** Inputs of the demo data: when one is newer than the seeded files, the harness seeds again. */
export const demoDataSources = join(repoRoot, 'server/src/demo-data');
/** Seeded once, reused by later runs. `.kineo-*` is gitignored. */
export const E2E_DATA_DIR = join(repoRoot, '.kineo-e2e');
