import type { TokenManager } from './token-manager.js';
import type { TokenProvider, TokenSource } from './token-source.js';

interface Entry {
  manager: TokenManager;
  holders: number;
}

/** One manager per key on this page (module state: one registry per loaded copy of the library). */
const registry = new Map<string, Entry>();

/**
 * The page's one `TokenManager` for `key`, created by `factory` the first time: every element on
 * the page with the same API and token source shares one token and one refresh. Build `key` with
 * `tokenManagerKey`. Each call counts as one holder; give it back with `releaseSharedTokenManager`
 * (in `disconnectedCallback`).
 */
export function sharedTokenManager(key: string, factory: () => TokenManager): TokenManager {
  let entry = registry.get(key);
  if (!entry || entry.manager.disposed) {
    entry = { manager: factory(), holders: 0 };
    registry.set(key, entry);
  }
  entry.holders += 1;
  return entry.manager;
}

/**
 * Gives back one hold on a shared manager. When the last holder has let go, the manager is
 * disposed (its token forgotten, its timer cancelled) after the current task, so an element that
 * is only being moved in the DOM (disconnected, then connected again) keeps the same token.
 */
export function releaseSharedTokenManager(key: string, manager: TokenManager): void {
  const entry = registry.get(key);
  if (!entry || entry.manager !== manager || entry.holders === 0) return;
  entry.holders -= 1;
  if (entry.holders > 0) return;
  setTimeout(() => {
    if (registry.get(key) !== entry || entry.holders > 0) return;
    registry.delete(key);
    manager.dispose();
  }, 0);
}

const providerIds = new WeakMap<TokenProvider, number>();
let nextProviderId = 1;

/**
 * The registry key of an API and a token source: the API's origin, then the source's identity (the
 * absolute token URL, the provider function's identity, or a fingerprint of a fixed token, so the
 * key never contains a token and is safe to log).
 */
export function tokenManagerKey(api: string, source: TokenSource): string {
  const origin = new URL(api).origin;
  if ('tokenUrl' in source) return `${origin}|url:${absoluteUrl(source.tokenUrl)}`;
  if ('tokenProvider' in source) {
    let id = providerIds.get(source.tokenProvider);
    if (id === undefined) providerIds.set(source.tokenProvider, (id = nextProviderId++));
    return `${origin}|provider:${id}`;
  }
  return `${origin}|token:${fingerprint(source.token)}`;
}

function absoluteUrl(url: string): string {
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/** A 53-bit non-cryptographic hash (cyrb53) and the length: tells tokens apart without holding one. */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ char, 2654435761);
    h2 = Math.imul(h2 ^ char, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}.${text.length}`;
}
