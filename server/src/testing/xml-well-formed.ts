/**
 * Problems that make a document not well-formed XML 1.0, for tests (no XML parser is installed):
 * one root element, properly nested and closed tags, quoted and unique attributes, only the
 * predefined or numeric entity references, no `<` or stray `&` in text or attribute values, and no
 * character XML cannot carry. Returns an empty list for a well-formed document.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const invalidChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(xml);
  if (invalidChar) problems.push(`character U+${invalidChar[0].codePointAt(0)!.toString(16)} at ${invalidChar.index}`);

  const name = '[A-Za-z_:][A-Za-z0-9_.:-]*';
  const reference = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const checkText = (text: string, at: number) => {
    if (text.includes('<')) problems.push(`"<" in text at ${at}`);
    if (text.replace(reference, '').includes('&')) problems.push(`stray "&" at ${at}`);
  };

  let rest = xml.replace(/^\uFEFF/, '');
  const declaration = new RegExp(`^<\\?xml\\s+version="1\\.[0-9]"(\\s+encoding="[A-Za-z0-9._-]+")?(\\s+standalone="(yes|no)")?\\s*\\?>`).exec(rest);
  if (rest.startsWith('<?xml') && !declaration) problems.push('malformed XML declaration');
  const offset = declaration ? declaration[0].length : 0;

  const stack: string[] = [];
  let roots = 0;
  const tag = new RegExp(`<(/?)(${name})((?:\\s+${name}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`, 'y');
  const attribute = new RegExp(`(${name})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
  rest = rest.slice(offset);
  let i = 0;
  while (i < rest.length) {
    const lt = rest.indexOf('<', i);
    const text = rest.slice(i, lt === -1 ? rest.length : lt);
    if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root element at ${offset + i}`);
    else checkText(text, offset + i);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const match = tag.exec(rest);
    if (!match) {
      problems.push(`malformed tag at ${offset + lt}: ${rest.slice(lt, lt + 40)}`);
      break;
    }
    const [whole, closing, tagName, attributes, selfClosing] = match;
    if (closing) {
      if (attributes || selfClosing) problems.push(`closing tag with attributes at ${offset + lt}`);
      const open = stack.pop();
      if (open !== tagName) problems.push(`</${tagName}> closes <${open ?? 'nothing'}> at ${offset + lt}`);
    } else {
      if (stack.length === 0 && ++roots > 1) problems.push(`a second root element <${tagName}> at ${offset + lt}`);
      const seen = new Set<string>();
      for (const [, attributeName, double, single] of attributes!.matchAll(attribute)) {
        if (seen.has(attributeName!)) problems.push(`attribute ${attributeName} twice on <${tagName}>`);
        seen.add(attributeName!);
        checkText(double ?? single ?? '', offset + lt);
      }
      if (!selfClosing) stack.push(tagName!);
    }
    i = lt + whole.length;
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots === 0) problems.push('no root element');
  return problems;
}
