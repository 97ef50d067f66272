/** A raw e-mail split into its unfolded header fields and its body. */
export interface EmailParts {
  /** Header fields in order, continuation lines joined with a space; names as written. */
  headers: { name: string; value: string }[];
  /** Everything after the first empty line, newlines normalised to LF. */
  body: string;
}

/**
 * Splits an RFC 5322 message at the first empty line. Folded header lines
 * (a line starting with space or tab continues the previous field) are joined.
 * A mbox `From ` separator line at the top is not a header and is dropped.
 */
export function splitEmail(raw: string): EmailParts {
  const text = normalizeMailNewlines(raw);
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const headers: { name: string; value: string }[] = [];
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      headers[headers.length - 1].value += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith('From ')) continue;
    headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  return { headers, body };
}

/** The first header field called `name` (case-insensitive), or undefined. */
export function headerValue(parts: EmailParts, name: string): string | undefined {
  const lower = name.toLowerCase();
  return parts.headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/**
 * LF for every line end. Mail in the wild has CRLF, bare CR and CR CR LF
 * (a CRLF file converted twice); all of them are one line break.
 */
export function normalizeMailNewlines(raw: string): string {
  return raw.replace(/\r+\n?/g, '\n');
}

/** Which mail headers to keep in a message's text: see {@link emailToText}. */
export type MailHeaderPolicy = 'subject' | 'none' | 'all';

/**
 * A raw message as model input: `'subject'` gives `Subject: ...`, a blank line
 * and the body; `'none'` the body only; `'all'` the whole message. Line ends
 * become LF and trailing whitespace of the body is dropped (except for `'all'`).
 */
export function emailToText(raw: string, headers: MailHeaderPolicy): string {
  if (headers === 'all') return normalizeMailNewlines(raw);
  const parts = splitEmail(raw);
  const body = parts.body.trimEnd();
  const subject = headers === 'subject' ? headerValue(parts, 'subject') : undefined;
  return subject === undefined ? body : `Subject: ${subject}\n\n${body}`;
}
