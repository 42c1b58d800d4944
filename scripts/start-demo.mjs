// `npm start`: the demo on loopback. Builds the element bundle and @kineo/node when their sources
// changed, starts the Kineo API (which seeds the demo data on first run), creates the demo portal's
// API keys once and its personas file, then starts the portal and the script-tag LMS page, and
// prints where to go. If one server stops, all stop; Ctrl-C stops all.
//
// Environment: PORT (API, default 8787), PORTAL_PORT (8790), SCRIPT_TAG_PORT (8788),
// KINEO_DATA_DIR (./.kineo). The page ports are the ones the tenant registry's allowedOrigins list.
import { buildIfStale, demoSettings, startDemo } from './demo-servers.mjs';

async function main() {
  const settings = demoSettings();
  await buildIfStale();
  const demo = await startDemo(settings);

  let stopping = false;
  /** @param {number} code */
  async function stopAll(code) {
    if (stopping) return;
    stopping = true;
    await demo.stop();
    process.exit(code);
  }
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  demo.exited.then(({ name, code, signal }) => {
    if (stopping) return;
    console.error(`\n${name} stopped (${signal ?? `exit ${code}`}); stopping the demo.`);
    stopAll(code || 1);
  });

  const { urls } = settings;
  console.log(`
Kineo Embed demo is running:

  Demo portal       ${urls.portal}
                    sign in as a demo persona of Acme Manufacturing or TechCorp Software
  LMS page          ${urls.scriptTag}
                    Acme Learning, a Totara-like page embedding a dashboard with one script tag
  Kineo API         ${urls.api}
                    the element bundle: ${urls.api}/elements/kineo.js

Ctrl-C stops all three.
`);
}

// startDemo stops whatever it started before it rejects.
main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
