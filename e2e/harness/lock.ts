// A lock between test files running side by side (each in its own process) on the shared data
// folder: a folder that exists while someone holds it (mkdir is atomic), naming its holder's pid.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const GIVE_UP_AFTER_MS = 300_000;
/** A lock folder still without its holder's pid after this long was left by a process that died at once. */
const UNCLAIMED_AFTER_MS = 10_000;

/** Whether process `pid` is still running. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding `lock`, or undefined while the holder has not written it yet. */
function holderOf(lock: string): number | undefined {
  try {
    return Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Runs `work` while holding the lock folder `lock`; a lock whose holder has died is taken over. */
export async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(lock), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderOf(lock);
      const unclaimed = holder === undefined && Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > UNCLAIMED_AFTER_MS;
      if ((holder !== undefined && !isRunning(holder)) || unclaimed) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} is still held by process ${holder} after ${GIVE_UP_AFTER_MS / 60_000} minutes`);
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
