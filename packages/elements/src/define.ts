/**
 * Registers a custom element unless the tag is already taken. Loading Kineo twice on a page (two
 * script tags, or the bundle plus the npm package) must not break it: the first definition wins and
 * the second load warns once per tag instead of throwing `NotSupportedError`.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor, registry: CustomElementRegistry = customElements): void {
  const existing = registry.get(tag);
  if (existing === undefined) {
    registry.define(tag, constructor);
    return;
  }
  if (existing !== constructor)
    console.warn(`Kineo: <${tag}> is already defined on this page (Kineo loaded twice?); keeping the first definition.`);
}
