/**
 * Sets the custom properties of an inline style text (`--a: 1; --b: 2`, from `tenantThemeStyle`)
 * on `element` one by one, removing those of `previous` that are gone, so the page's own inline
 * styles on the element stay untouched.
 * @returns The property names now set, to pass as `previous` next time.
 */
export function applyCustomProperties(element: HTMLElement, styleText: string, previous: readonly string[]): string[] {
  const declarations = new Map<string, string>();
  for (const declaration of styleText.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const name = declaration.slice(0, colon).trim();
    const value = declaration.slice(colon + 1).trim();
    if (name.startsWith('--') && value) declarations.set(name, value);
  }
  for (const name of previous) if (!declarations.has(name)) element.style.removeProperty(name);
  for (const [name, value] of declarations) element.style.setProperty(name, value);
  return [...declarations.keys()];
}
