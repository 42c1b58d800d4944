// Stopping everything the harness started when the test process is interrupted (Ctrl-C, a runner
// or CI timeout sending SIGTERM): the registered clean-ups run, then the process exits. Normal
// runs stop everything in their `after` hooks instead.
const cleanUps = new Set<() => Promise<unknown> | unknown>();
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const CLEAN_UP_LIMIT_MS = 10_000;
let installed = false;

async function interrupted(code: number): Promise<void> {
  const limit = new Promise((resolve) => setTimeout(resolve, CLEAN_UP_LIMIT_MS).unref());
  await Promise.race([Promise.allSettled([...cleanUps].map(async (cleanUp) => cleanUp())), limit]);
  process.exit(code);
}

/** Runs `cleanUp` if the process is interrupted; returns a function that unregisters it. */
export function onInterrupt(cleanUp: () => Promise<unknown> | unknown): () => void {
  if (!installed) {
    installed = true;
    for (const [signal, code] of Object.entries(SIGNALS)) process.once(signal, () => void interrupted(code));
  }
  cleanUps.add(cleanUp);
  return () => cleanUps.delete(cleanUp);
}
