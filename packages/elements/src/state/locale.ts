/**
 * The BCP 47 locale to format with: the element's `locale`, else the document's `lang`, else the
 * browser's. A tag Intl cannot use is skipped with a warning (Intl would throw on it later, in the
 * middle of rendering a number).
 */
export function resolveLocale(requested: string | undefined): string {
  const candidates = [requested, globalThis.document?.documentElement.lang, globalThis.navigator?.language];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(candidate);
      if (canonical) return canonical;
    } catch {
      if (candidate === requested) console.warn(`Kineo: locale ${JSON.stringify(candidate)} is not a BCP 47 language tag; using the page's.`);
    }
  }
  return 'en-US';
}
