import { DatabricksEngineError } from './databricks-engine-error.js';

/** A session borrowed from the pool. Exactly one of `release` or `discard` must be called. */
export interface SessionLease<S> {
  readonly session: S;
  /** The session is healthy: hand it to the next caller or keep it idle. */
  release(): void;
  /** The session may be broken: close it and free its place. */
  discard(): void;
}

export interface SessionPoolOptions<S> {
  open(namespace: string): Promise<S>;
  close(session: S): Promise<void>;
  /** Sessions per namespace, busy or idle; more callers wait in line. */
  maxPerNamespace: number;
  /** An idle session is closed after this long. */
  idleMs: number;
}

interface Waiter<S> {
  resolve(lease: SessionLease<S>): void;
  reject(error: unknown): void;
  detach(): void;
}

interface IdleSession<S> {
  session: S;
  timer: NodeJS.Timeout;
}

interface NamespaceSessions<S> {
  /** Open, opening, busy and idle sessions together. */
  size: number;
  opening: number;
  idle: IdleSession<S>[];
  waiters: Waiter<S>[];
}

/**
 * Sessions kept per namespace and reused: each is opened in one tenant's namespace, so a session
 * is only ever handed to callers of that same namespace. At most `maxPerNamespace` exist per
 * namespace; callers beyond that queue in order and may give up through their abort signal.
 */
export class SessionPool<S> {
  readonly #options: SessionPoolOptions<S>;
  readonly #namespaces = new Map<string, NamespaceSessions<S>>();
  #closed = false;

  constructor(options: SessionPoolOptions<S>) {
    this.#options = options;
  }

  acquire(namespace: string, signal?: AbortSignal): Promise<SessionLease<S>> {
    if (this.#closed) return Promise.reject(closedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const sessions = this.#sessionsOf(namespace);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = sessions.waiters.indexOf(waiter);
        if (index !== -1) sessions.waiters.splice(index, 1);
        reject(signal!.reason);
      };
      const waiter: Waiter<S> = {
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      sessions.waiters.push(waiter);
      this.#dispatch(namespace, sessions);
    });
  }

  /** How many sessions the namespace holds (busy, idle or opening). */
  sizeOf(namespace: string): number {
    return this.#namespaces.get(namespace)?.size ?? 0;
  }

  idleCount(namespace: string): number {
    return this.#namespaces.get(namespace)?.idle.length ?? 0;
  }

  /** Closes idle sessions now, refuses waiting and new callers, and closes busy sessions as they come back. */
  async close(): Promise<void> {
    this.#closed = true;
    const closing: Promise<void>[] = [];
    for (const sessions of this.#namespaces.values()) {
      for (const waiter of sessions.waiters.splice(0)) {
        waiter.detach();
        waiter.reject(closedError());
      }
      for (const { session, timer } of sessions.idle.splice(0)) {
        clearTimeout(timer);
        sessions.size--;
        closing.push(this.#closeQuietly(session));
      }
    }
    await Promise.all(closing);
  }

  #sessionsOf(namespace: string): NamespaceSessions<S> {
    let sessions = this.#namespaces.get(namespace);
    if (!sessions) this.#namespaces.set(namespace, (sessions = { size: 0, opening: 0, idle: [], waiters: [] }));
    return sessions;
  }

  #dispatch(namespace: string, sessions: NamespaceSessions<S>): void {
    while (sessions.waiters.length > 0 && sessions.idle.length > 0) {
      // Most recently used first: the others stay idle long enough to be closed.
      const { session, timer } = sessions.idle.pop()!;
      clearTimeout(timer);
      this.#hand(namespace, sessions, session);
    }
    while (sessions.waiters.length > sessions.opening && sessions.size < this.#options.maxPerNamespace) {
      sessions.size++;
      sessions.opening++;
      this.#options.open(namespace).then(
        (session) => {
          sessions.opening--;
          this.#return(namespace, sessions, session);
        },
        (error: unknown) => {
          sessions.opening--;
          sessions.size--;
          const waiter = sessions.waiters.shift();
          waiter?.detach();
          waiter?.reject(error);
          if (!this.#closed) this.#dispatch(namespace, sessions);
        },
      );
    }
  }

  #hand(namespace: string, sessions: NamespaceSessions<S>, session: S): void {
    const waiter = sessions.waiters.shift()!;
    waiter.detach();
    let settled = false;
    const once = (action: () => void) => () => {
      if (settled) return;
      settled = true;
      action();
    };
    waiter.resolve({
      session,
      release: once(() => this.#return(namespace, sessions, session)),
      discard: once(() => this.#drop(namespace, sessions, session)),
    });
  }

  #return(namespace: string, sessions: NamespaceSessions<S>, session: S): void {
    if (this.#closed) {
      sessions.size--;
      void this.#closeQuietly(session);
    } else if (sessions.waiters.length > 0) {
      this.#hand(namespace, sessions, session);
    } else {
      const idle: IdleSession<S> = {
        session,
        timer: setTimeout(() => {
          const index = sessions.idle.indexOf(idle);
          if (index === -1) return;
          sessions.idle.splice(index, 1);
          sessions.size--;
          void this.#closeQuietly(session);
        }, this.#options.idleMs).unref(),
      };
      sessions.idle.push(idle);
    }
  }

  #drop(namespace: string, sessions: NamespaceSessions<S>, session: S): void {
    sessions.size--;
    void this.#closeQuietly(session);
    if (!this.#closed) this.#dispatch(namespace, sessions);
  }

  /** Closing is best effort: a session on a dead connection cannot be closed, and need not be. */
  async #closeQuietly(session: S): Promise<void> {
    try {
      await this.#options.close(session);
    } catch {
      // The warehouse expires sessions it no longer hears from.
    }
  }
}

function closedError(): DatabricksEngineError {
  return new DatabricksEngineError('unavailable', 'the engine is closed', 'ENGINE_CLOSED');
}
