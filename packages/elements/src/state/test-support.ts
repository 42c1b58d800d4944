// Helpers shared by the browser tests of the dashboard state and its elements. Not exported from
// the package.
import { ContextEvent } from '@lit/context';
import { kineoEventNames, type KineoEventMap, type KineoEventName } from '../events.js';
import { settle } from '../testing/fakes.js';
import { dashboardContext, type DashboardContextValue } from './dashboard-context.js';
import type { FakeDashboardApi } from './fake-dashboard-api.js';

export interface RecordedEvent {
  type: KineoEventName;
  detail: unknown;
  target: EventTarget | null;
  bubbles: boolean;
  composed: boolean;
}

/** Records every Kineo event reaching `target`. */
export function recordEvents(target: EventTarget) {
  const events: RecordedEvent[] = [];
  const listeners = kineoEventNames.map((type) => {
    const listener = (event: Event) => {
      const { detail, bubbles, composed } = event as CustomEvent;
      events.push({ type, detail, target: event.composedPath()[0] ?? null, bubbles, composed });
    };
    target.addEventListener(type, listener);
    return [type, listener] as const;
  });
  return {
    events,
    of<K extends KineoEventName>(type: K): KineoEventMap[K][] {
      return events.filter((e) => e.type === type).map((e) => e.detail as KineoEventMap[K]);
    },
    clear: () => void events.splice(0),
    stop: () => listeners.forEach(([type, listener]) => target.removeEventListener(type, listener)),
  };
}

/** Waits (real macrotasks, no fake time) until `condition` holds. */
export async function until(condition: () => boolean, what: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (condition()) return;
    await settle();
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** Waits `ms` of real time (for debounces). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Makes `api.fetch` the page's `fetch` (what elements use); returns the undo. */
export function installFetch(api: FakeDashboardApi): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = api.fetch;
  return () => {
    globalThis.fetch = original;
  };
}

/** The dashboard context `element` (inside a provider) sees, asked the way a consumer asks. */
export function contextOf(element: Element): DashboardContextValue | undefined {
  let value: DashboardContextValue | undefined;
  element.dispatchEvent(new ContextEvent(dashboardContext, element, (v: DashboardContextValue | undefined) => (value = v), false));
  return value;
}

/** Collects console.warn messages until the returned function restores it. */
export function captureWarnings(): { warnings: string[]; restore(): void } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  return { warnings, restore: () => (console.warn = original) };
}
