import { emailToText } from './emailText';
import { loadSpamAssassin, SPAM_ASSASSIN_GROUPS, type SpamAssassinGroup, type SpamAssassinMessage } from './loadSpamAssassin';

// The package reads ~6,000 files per call (a second or two): load once, reuse.
let messages: SpamAssassinMessage[];
beforeAll(() => {
  messages = loadSpamAssassin();
});

describe('loadSpamAssassin', () => {
  test('both labels with the published counts: 4,150 ham (0), 1,896 spam (1)', () => {
    expect(messages).toHaveLength(6046);
    expect(messages.filter((m) => m.label === 0)).toHaveLength(4150);
    expect(messages.filter((m) => m.label === 1)).toHaveLength(1896);
    for (const m of messages) expect(m.label).toBe(m.group.startsWith('spam') ? 1 : 0);
    expect(new Set(messages.map((m) => m.group))).toEqual(new Set(SPAM_ASSASSIN_GROUPS));
  });

  test("default text is 'Subject: ...', a blank line, then the body, without the other headers", () => {
    const withSubject = messages.filter((m) => m.text.startsWith('Subject: '));
    expect(withSubject.length).toBeGreaterThan(6000);
    for (const m of withSubject) {
      const [head, ...rest] = m.text.split('\n\n');
      expect(head).not.toContain('\n'); // just the Subject line, no other header
      expect(rest.length).toBeGreaterThan(0);
    }
    expect(messages.filter((m) => m.text.includes('\r\n'))).toEqual([]);
    const first = messages[0].text.split('\n');
    expect(first[0]).toMatch(/^Subject: \S/);
    expect(first[1]).toBe('');
  });

  test("headers: 'all' keeps the raw message; 'none' keeps only the body; groups filter", () => {
    const hard = loadSpamAssassin({ groups: ['hard-ham-1'], headers: 'all' });
    expect(hard).toHaveLength(250);
    expect(hard.every((m) => m.label === 0 && m.group === 'hard-ham-1')).toBe(true);
    expect(hard[0].text).toMatch(/^Return-Path:|^From |^Received:/m);
    // The raw text turned into the default form gives back what the default load returned.
    for (const raw of hard) {
      const plain = messages.find((m) => m.group === 'hard-ham-1' && m.id === raw.id)!;
      expect(emailToText(raw.text, 'subject')).toBe(plain.text);
      const bodyOnly = emailToText(raw.text, 'none');
      expect(plain.text.endsWith(bodyOnly)).toBe(true);
      expect(raw.text).toContain(bodyOnly.slice(0, 200));
    }
    expect(() => loadSpamAssassin({ groups: ['ham' as SpamAssassinGroup] })).toThrow('unknown SpamAssassin group "ham"');
    expect(() => loadSpamAssassin({ headers: 'some' as 'all' })).toThrow("expected headers 'subject', 'none' or 'all', got \"some\"");
  });
});
