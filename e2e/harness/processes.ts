// Child processes of the end-to-end harness: `kineo` commands and the API server, each stopped
// with the test run (the API also stops by itself should the test process die: exit-with-parent).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { onInterrupt } from './interrupt.js';
import { kineoBin, repoRoot } from './repo.js';

const exitWithParent = fileURLToPath(new URL('./exit-with-parent.mjs', import.meta.url));
const START_TIMEOUT_MS = 90_000;
const LOG_LINES_KEPT = 40;

/** Runs `kineo <args>` and resolves with its stdout; rejects with its stderr when it fails. */
export function runKineo(args: string[], env: Record<string, string>, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [kineoBin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
    });
    const forget = onInterrupt(() => child.kill('SIGTERM'));
    child.once('exit', forget);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4_000)));
    child.once('error', reject);
    child.once('exit', (code, exitSignal) =>
      code === 0 ? resolve(stdout) : reject(new Error(`kineo ${args[0]} failed (${exitSignal ?? `code ${code}`}):\n${stderr}`)),
    );
  });
}

/** Free loopback ports, found by listening on port 0; each is released before it is returned. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

export interface RunningApi {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The server's last log lines (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Starts `kineo serve` on a free loopback port with `env` and waits until `/readyz` answers 200. */
export async function startApi(env: Record<string, string>): Promise<RunningApi> {
  const child = spawn(process.execPath, ['--import', exitWithParent, kineoBin, 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, ...env, KINEO_HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // Piped above, so both are there (the 'ipc' entry makes their type nullable).
  const stdout = child.stdout!;
  const stderr = child.stderr!;
  const serverLog: string[] = [];
  const remember = (chunk: Buffer) => {
    serverLog.push(...chunk.toString().split('\n').filter(Boolean));
    serverLog.splice(0, Math.max(0, serverLog.length - LOG_LINES_KEPT));
  };
  stdout.on('data', remember);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<string>((resolve, reject) => {
    stderr.on('data', (chunk: Buffer) => {
      remember(chunk);
      const match = /listening on (http:\/\/\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    exited.then(({ code, signal }) => reject(new Error(`kineo serve exited (${signal ?? `code ${code}`}) before it listened:\n${serverLog.join('\n')}`)));
  });
  listening.catch(() => {});

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    const url = await withTimeout(listening, START_TIMEOUT_MS, 'kineo serve did not start listening');
    await waitUntilOk(new URL('/readyz', url).href, START_TIMEOUT_MS, () => serverLog.join('\n'));
    return { url, log: () => serverLog.join('\n'), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves once `url` answers 200; rejects after `timeoutMs` with the last answer and `log()`. */
export async function waitUntilOk(url: string, timeoutMs: number, log: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      last = `HTTP ${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (${last})\n${log()}`);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
