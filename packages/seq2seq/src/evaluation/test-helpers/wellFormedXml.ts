const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const ATTRIBUTE = /\s+([A-Za-z_:][\w:.-]*)="([^"<]*)"/y;

/**
 * Problems that would stop an XML parser reading `xml`: unbalanced or
 * misnested tags, malformed attributes, a raw `<` or `&` in text or attribute
 * values, more than one root. A small checker so tests need no XML library;
 * an empty list means well-formed (for the subset of XML the SVG writers use).
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  const checkText = (text: string, where: string) => {
    for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
      if (!ENTITY.test(text.slice(i))) problems.push(`bare & in ${where}: ${JSON.stringify(text.slice(i, i + 12))}`);
    }
    if (text.includes('<')) problems.push(`raw < in ${where}`);
  };
  for (const m of xml.matchAll(/<[^>]*>|[^<]+|</g)) {
    const token = m[0];
    if (!token.startsWith('<')) {
      if (stack.length === 0 && token.trim() !== '') problems.push(`text outside the root element: ${JSON.stringify(token.slice(0, 20))}`);
      checkText(token, 'text');
      continue;
    }
    if (token === '<') {
      problems.push('unterminated tag');
      continue;
    }
    const close = /^<\/([A-Za-z_:][\w:.-]*)\s*>$/.exec(token);
    if (close) {
      const open = stack.pop();
      if (open !== close[1]) problems.push(`</${close[1]}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    const open = /^<([A-Za-z_:][\w:.-]*)/.exec(token);
    if (!open) {
      problems.push(`malformed tag ${JSON.stringify(token.slice(0, 30))}`);
      continue;
    }
    const selfClosing = token.endsWith('/>');
    const attrs = token.slice(open[0].length, token.length - (selfClosing ? 2 : 1));
    ATTRIBUTE.lastIndex = 0;
    let pos = 0;
    const names = new Set<string>();
    for (let a = ATTRIBUTE.exec(attrs); a; a = ATTRIBUTE.exec(attrs)) {
      if (names.has(a[1])) problems.push(`duplicate attribute ${a[1]} in <${open[1]}>`);
      names.add(a[1]);
      checkText(a[2], `attribute ${a[1]}`);
      pos = ATTRIBUTE.lastIndex;
    }
    if (attrs.slice(pos).trim() !== '') problems.push(`malformed attributes in <${open[1]}>: ${JSON.stringify(attrs.slice(pos, pos + 30))}`);
    if (stack.length === 0) roots++;
    if (!selfClosing) stack.push(open[1]);
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`expected one root element, got ${roots}`);
  return problems;
}
