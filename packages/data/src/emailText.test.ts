import { emailToText, headerValue, normalizeMailNewlines, splitEmail } from './emailText';

describe('splitEmail', () => {
  const raw =
    'From someone@example.com  Thu Aug 22 12:36:23 2002\r\n' +
    'Subject: Re: New Sequences\r\n' +
    '\twith a folded line\r\n' +
    'X-Spam: no\r\n' +
    '\r\n' +
    'Body line one\r\n\r\nBody: not a header\r\n';

  test('headers are unfolded, the mbox From line dropped, the body kept whole', () => {
    const parts = splitEmail(raw);
    expect(parts.headers).toEqual([
      { name: 'Subject', value: 'Re: New Sequences with a folded line' },
      { name: 'X-Spam', value: 'no' },
    ]);
    expect(parts.body).toBe('Body line one\n\nBody: not a header\n');
    expect(headerValue(parts, 'subject')).toBe('Re: New Sequences with a folded line');
    expect(headerValue(parts, 'To')).toBeUndefined();
  });

  test('CR LF, bare CR and CR CR LF are all one line break', () => {
    expect(normalizeMailNewlines('a\r\nb\rc\r\r\nd\n')).toBe('a\nb\nc\nd\n');
    expect(splitEmail('Subject: x\r\r\n\r\r\nbody').body).toBe('body');
  });

  test('a message without a blank line is all headers', () => {
    expect(splitEmail('Subject: hi').body).toBe('');
  });

  test('emailToText: subject line + body, body only, or everything', () => {
    expect(emailToText(raw, 'subject')).toBe('Subject: Re: New Sequences with a folded line\n\nBody line one\n\nBody: not a header');
    expect(emailToText(raw, 'none')).toBe('Body line one\n\nBody: not a header');
    expect(emailToText(raw, 'all')).toBe(normalizeMailNewlines(raw));
    expect(emailToText('To: x\n\nhello\n', 'subject')).toBe('hello');
  });
});
