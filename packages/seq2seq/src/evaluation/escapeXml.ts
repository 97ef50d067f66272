// Characters XML 1.0 forbids outright (C0 controls other than tab, newline and
// carriage return; U+FFFE/U+FFFF; unpaired surrogates). Byte-level BPE tokens
// can contain them, and one would make the whole SVG unreadable.
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text made safe for SVG/XML content and attribute values: the five markup
 * characters become entities and characters XML cannot hold become U+FFFD.
 */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
