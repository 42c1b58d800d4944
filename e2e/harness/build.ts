// The built files the pages load: the elements' script-tag bundle (served by the API at
// /elements/kineo.js) and @kineo/node (which the portal and the LMS page import), rebuilt when
// stale so the tests never run against an old bundle.
import { join } from 'node:path';
import { ensureBundlesBuilt } from '../../scripts/ensure-bundles.js';
import { withLock } from './lock.js';
import { E2E_DATA_DIR } from './repo.js';

export async function ensureBuilt(): Promise<void> {
  // Test files starting side by side must not write the same bundle at once.
  await ensureBundlesBuilt(['@kineo/elements', '@kineo/node'], (build) => withLock(join(E2E_DATA_DIR, 'build.lock'), build));
}
