import type { Tokenizer } from '@tfzoo/tokenizers';
import type { Passage } from '../types';
import { bestWordWindow, collapseWhitespace, questionTerms, selectSentences, splitSentences, termOverlap } from './sentenceSelection';

/** Options of {@link buildRagPrompt}. */
export interface RagPromptOptions {
  /** The generator's tokenizer: the prompt is measured and encoded with it. */
  tokenizer: Tokenizer;
  /** The context window in tokens (the GPT's blockSize): the prompt plus `answerTokens` must fit. */
  maxTokens: number;
  /** Tokens kept free for the answer and its end-of-answer token. Default 16. */
  answerTokens?: number;
  /** Most passages shown, best first; the rest are left out. Default 5. */
  maxPassages?: number;
  /**
   * Fewest text tokens worth showing of a passage: when the window cannot give every
   * passage this many, the lowest-ranked passages are left out to make room. Default 24.
   */
  minPassageTokens?: number;
  /** Show each passage's title (when it has one) in brackets after its number. Default true. */
  titles?: boolean;
}

/** The prompt settings with every default filled in (what a saved generator stores). */
export type RagPromptSettings = Required<Omit<RagPromptOptions, 'tokenizer' | 'maxTokens'>>;

/** Defaults of the optional {@link RagPromptOptions}. */
export const RAG_PROMPT_DEFAULTS: Readonly<RagPromptSettings> = { answerTokens: 16, maxPassages: 5, minPassageTokens: 24, titles: true };

/** A passage as it appears in a prompt. */
export interface PromptPassage {
  /** Its number: the prompt shows it as `[index]`; 1 for the first passage given. */
  index: number;
  passage: Passage;
  /** The text shown: whitespace collapsed, and when shortened, the chosen sentences with ` …` where some were skipped. */
  text: string;
  /** Whether sentences (or words) of the passage were left out to fit the window. */
  truncated: boolean;
  /** Token ranges [start, end) of `ids` holding the shown text, one per run of consecutive sentences: where an answer can be copied from. */
  spans: [number, number][];
}

/** What {@link buildRagPrompt} returns. */
export interface RagPrompt {
  /** The prompt as text (for display and logs). */
  text: string;
  /** The prompt's token ids: what the model reads. At most `maxTokens − answerTokens`. */
  ids: number[];
  /** The passages shown, numbered from 1 in the order given. */
  passages: PromptPassage[];
  /** Passages given but not shown: beyond `maxPassages`, without text, repeated, or with no room left. */
  omitted: Passage[];
  /** The question as shown (whitespace collapsed; cut only if it alone overflows the window). */
  question: string;
  questionTruncated: boolean;
}

/**
 * The prompt an answer generator reads: numbered passages, then the question, then
 * `Answer:`, after which the model writes the answer (a space, the answer, then EOS):
 *
 *     [1] (Super Bowl 50) The Panthers defense gave up just 308 points, ranking sixth in the league…
 *     [2] (Carolina Panthers) The Panthers finished the regular season with a 15–1 record…
 *     Question: How many points did the Panthers defense surrender?
 *     Answer:
 *
 * One line per passage, so passage boundaries are unambiguous and byte-level BPE encodes
 * each line independently. The number before each passage is what citations refer to.
 *
 * **Fitting the window.** The question is always kept (it is cut, from its end, only if it
 * alone overflows). Passages are shown best first, at most `maxPassages`. When they do not
 * all fit in `maxTokens − answerTokens`, the room is shared fairly: short passages are
 * shown whole and the others get equal shares; if a share would fall under
 * `minPassageTokens`, the lowest-ranked passage is left out instead. A passage over its
 * share keeps the sentences sharing the most terms with the question (in passage order,
 * ` …` marking skipped text), which is where an extractive answer usually is; a single
 * sentence still too long is cut to its best window of words.
 *
 * The ids are the concatenation of each piece's encoding (header, each sentence, line
 * break, question), so `spans` are exact. Training and inference both build prompts here,
 * so the model is always read the same way.
 */
export function buildRagPrompt(question: string, passages: readonly Passage[], options: RagPromptOptions): RagPrompt {
  const settings = resolvePromptSettings(options);
  const { tokenizer, maxTokens } = options;
  if (!Number.isInteger(maxTokens) || maxTokens <= settings.answerTokens) {
    throw new Error(`buildRagPrompt: expected maxTokens to be an integer > answerTokens (${settings.answerTokens}), got ${maxTokens}`);
  }
  const encode = (text: string) => tokenizer.encode(text);
  const limit = maxTokens - settings.answerTokens;

  const shownQuestion = fitQuestion(collapseWhitespace(question), limit, encode);
  if (shownQuestion === null) throw new Error(`buildRagPrompt: expected a non-empty question, got ${JSON.stringify(question)}`);
  const budget = limit - shownQuestion.ids.length;
  const terms = questionTerms(shownQuestion.text);

  // Candidates: distinct passages with text, best first, at most maxPassages.
  const omitted: Passage[] = [];
  const candidates: { passage: Passage; sentences: string[]; sentenceIds: number[][]; full: number }[] = [];
  const seen = new Set<string>();
  for (const passage of passages) {
    const sentences = splitSentences(passage.text);
    if (seen.has(passage.id) || sentences.length === 0 || candidates.length >= settings.maxPassages) {
      omitted.push(passage);
      continue;
    }
    seen.add(passage.id);
    const sentenceIds = sentences.map((s) => encode(' ' + s));
    candidates.push({ passage, sentences, sentenceIds, full: sentenceIds.reduce((n, ids) => n + ids.length, 0) });
  }
  const newline = encode('\n');
  const ellipsis = encode(' …');
  const headers = candidates.map((c, i) => encode(header(i + 1, c.passage, settings.titles)));

  // The most passages whose shares all reach minPassageTokens.
  let shares: number[] | null = null;
  let shown = candidates.length;
  for (; shown > 0; shown--) {
    const fixed = headers.slice(0, shown).reduce((n, h) => n + h.length + newline.length, 0);
    shares = shareTokens(candidates.slice(0, shown).map((c) => c.full), budget - fixed, settings.minPassageTokens);
    if (shares !== null) break;
  }
  omitted.push(...candidates.slice(shown).map((c) => c.passage));

  const ids: number[] = [];
  let text = '';
  const append = (pieceText: string, pieceIds: readonly number[]) => {
    text += pieceText;
    for (const id of pieceIds) ids.push(id);
  };
  const shownPassages: PromptPassage[] = [];
  for (let i = 0; i < shown; i++) {
    const c = candidates[i];
    const share = shares![i];
    let pieces: { text: string; ids: number[]; sentence: number }[];
    if (c.full <= share) {
      pieces = c.sentences.map((s, k) => ({ text: ' ' + s, ids: c.sentenceIds[k], sentence: k }));
    } else {
      const cost = (chosen: readonly number[]) =>
        chosen.reduce((n, k, j) => n + c.sentenceIds[k].length + (j > 0 && k !== chosen[j - 1] + 1 ? ellipsis.length : 0), 0);
      const chosen = selectSentences(c.sentences, terms, share, cost);
      pieces = chosen.length > 0 ? chosen.map((k) => ({ text: ' ' + c.sentences[k], ids: c.sentenceIds[k], sentence: k })) : [cutSentence(c.sentences, terms, share, tokenizer)];
    }
    append(header(i + 1, c.passage, settings.titles), headers[i]);
    const spans: [number, number][] = [];
    let shownText = '';
    pieces.forEach((piece, j) => {
      const gap = j > 0 && piece.sentence !== pieces[j - 1].sentence + 1;
      if (gap) {
        append(' …', ellipsis);
        shownText += ' …';
      }
      const start = ids.length;
      append(piece.text, piece.ids);
      shownText += piece.text;
      // Consecutive sentences form one span, so a sentence split in the wrong place (an abbreviation) can still be copied across.
      if (spans.length > 0 && !gap) spans[spans.length - 1][1] = ids.length;
      else spans.push([start, ids.length]);
    });
    append('\n', newline);
    shownPassages.push({ index: i + 1, passage: c.passage, text: shownText.trim(), truncated: c.full > share, spans });
  }
  append(shownQuestion.block, shownQuestion.ids);
  return { text, ids, passages: shownPassages, omitted, question: shownQuestion.text, questionTruncated: shownQuestion.truncated };
}

/** Fills in the defaults and checks every prompt setting. */
export function resolvePromptSettings(options: Partial<RagPromptSettings>): RagPromptSettings {
  const settings: RagPromptSettings = {
    answerTokens: options.answerTokens ?? RAG_PROMPT_DEFAULTS.answerTokens,
    maxPassages: options.maxPassages ?? RAG_PROMPT_DEFAULTS.maxPassages,
    minPassageTokens: options.minPassageTokens ?? RAG_PROMPT_DEFAULTS.minPassageTokens,
    titles: options.titles ?? RAG_PROMPT_DEFAULTS.titles,
  };
  for (const key of ['answerTokens', 'maxPassages', 'minPassageTokens'] as const) {
    const v = settings[key];
    if (!Number.isInteger(v) || v < 1) throw new Error(`buildRagPrompt: expected ${key} to be an integer >= 1, got ${v}`);
  }
  if (settings.answerTokens < 2) throw new Error(`buildRagPrompt: expected answerTokens >= 2 (one answer token and its end), got ${settings.answerTokens}`);
  return settings;
}

/** `[n] (Title)`, or `[n]` for a passage without a title (or with titles off). */
function header(index: number, passage: Passage, titles: boolean): string {
  const title = titles && passage.title ? collapseWhitespace(passage.title) : '';
  return title ? `[${index}] (${title})` : `[${index}]`;
}

/** The question block; the question is cut word by word from its end only if the block overflows `limit`. */
function fitQuestion(question: string, limit: number, encode: (t: string) => number[]): { text: string; block: string; ids: number[]; truncated: boolean } | null {
  if (question.length === 0) return null;
  const block = (q: string) => `Question: ${q}\nAnswer:`;
  const ids = encode(block(question));
  if (ids.length <= limit) return { text: question, block: block(question), ids, truncated: false };
  const words = question.split(' ');
  for (let w = words.length - 1; w >= 1; w--) {
    const cut = words.slice(0, w).join(' ') + ' …';
    const cutIds = encode(block(cut));
    if (cutIds.length <= limit) return { text: cut, block: block(cut), ids: cutIds, truncated: true };
  }
  throw new Error(`buildRagPrompt: maxTokens ${limit} (after the answer's tokens) cannot hold even the first word of the question: ${JSON.stringify(question)}`);
}

/**
 * Shares `available` tokens among passages needing `full[i]` tokens: water-filling from
 * the shortest, so short passages are shown whole and long ones get equal shares. Null
 * when some passage would get fewer than min(its need, `minimum`).
 */
function shareTokens(full: readonly number[], available: number, minimum: number): number[] | null {
  if (available < 0) return null;
  const order = full.map((_, i) => i).sort((a, b) => full[a] - full[b] || a - b);
  const shares = new Array<number>(full.length);
  let remaining = available;
  order.forEach((i, k) => {
    const share = Math.floor(remaining / (order.length - k));
    shares[i] = Math.min(full[i], share);
    remaining -= shares[i];
  });
  return shares.every((s, i) => s >= Math.min(full[i], minimum)) ? shares : null;
}

/** The sentence with the most question terms, cut to its best window of words that fits `budget` tokens. */
function cutSentence(sentences: readonly string[], terms: ReadonlySet<string>, budget: number, tokenizer: Tokenizer): { text: string; ids: number[]; sentence: number } {
  const encode = (t: string) => tokenizer.encode(t);
  let best = 0;
  sentences.forEach((s, k) => {
    if (termOverlap(s, terms) > termOverlap(sentences[best], terms)) best = k;
  });
  const words = sentences[best].split(' ');
  const tokens = encode(' ' + sentences[best]).length;
  for (let width = Math.max(1, Math.floor((words.length * budget) / tokens)); width >= 1; width--) {
    const [a, b] = bestWordWindow(words, terms, width);
    const text = ' ' + words.slice(a, b).join(' ');
    const ids = encode(text);
    if (ids.length <= budget) return { text, ids, sentence: best };
  }
  // Not even one word fits (a long URL or number): show as many of its first tokens as fit.
  const ids = encode(' ' + words[0]).slice(0, budget);
  return { text: tokenizer.decode(ids), ids, sentence: best };
}
