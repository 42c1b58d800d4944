// Looking into the elements' rendered DOM the way a host page can: through open shadow roots and
// `part` names, never through private fields.
import type { AxeResults } from 'axe-core';

/** Every element matching `selector` under `root`, descending into open shadow roots. */
export function deepQueryAll<E extends Element = Element>(root: ParentNode, selector: string): E[] {
  const found: E[] = [];
  const visit = (node: ParentNode) => {
    for (const element of node.querySelectorAll('*')) {
      if (element.matches(selector)) found.push(element as E);
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  if (root instanceof Element && root.shadowRoot) visit(root.shadowRoot);
  visit(root);
  return found;
}

/** The first element matching `selector` under `root` (shadow roots included), if any. */
export function deepQuery<E extends Element = Element>(root: ParentNode, selector: string): E | undefined {
  return deepQueryAll<E>(root, selector)[0];
}

/** Elements whose `part` attribute names `part`, under `root` (shadow roots included). */
export function parts<E extends Element = Element>(root: ParentNode, part: string): E[] {
  return deepQueryAll<E>(root, `[part~="${part}"]`);
}

interface AxeGlobal {
  run(context: Element | Document, options?: Record<string, unknown>): Promise<AxeResults>;
}

let axeLoaded: Promise<AxeGlobal> | undefined;

/** axe-core, loaded once as the classic script it is (its UMD build does not run as an ES module). */
export function loadAxe(): Promise<AxeGlobal> {
  axeLoaded ??= new Promise<AxeGlobal>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve((window as unknown as { axe: AxeGlobal }).axe);
    script.onerror = () => reject(new Error('axe-core could not be loaded from /node_modules/axe-core/axe.min.js'));
    document.head.append(script);
  });
  return axeLoaded;
}

/** axe's violations as readable lines: rule, impact, and the first few offending nodes. */
export function describeViolations(results: AxeResults): string {
  return results.violations
    .map((violation) => {
      const nodes = violation.nodes
        .slice(0, 3)
        .map((node) => `    ${node.target.join(' > ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
        .join('\n');
      return `  ${violation.id} (${violation.impact}): ${violation.help}\n${nodes}`;
    })
    .join('\n');
}
