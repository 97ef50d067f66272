import { Random } from '@tfzoo/data';
import { ENGLISH_STOP_WORDS } from '../lexical/englishStopWords';
import type { Passage } from '../types';
import type { AnswerExample } from './answerExamples';
import { collapseWhitespace, splitSentences } from './sentenceSelection';

/** The kind of answer span a synthetic question asks for. */
export type SyntheticAnswerKind = 'number' | 'date' | 'name' | 'phrase';

/** A label-free question–answer pair made from a passage sentence (see {@link syntheticQuestion}). */
export interface SyntheticQuestion extends AnswerExample {
  /** The passage the answer was taken from (also among `passages`). */
  source: Passage;
  /** Where the answer starts in the source's whitespace-collapsed text (`collapseWhitespace(source.text)`). */
  answerStart: number;
  kind: SyntheticAnswerKind;
}

/** Options of {@link syntheticQuestion} and {@link SyntheticQuestionSource}. */
export interface SyntheticQuestionOptions {
  /** Other passages shown with the source, as a retriever's top k would show them: at most this many. Default 2. */
  distractors?: number;
  /** Chance that the question drops each context word (never the wh-word), so it is no verbatim copy of the sentence. Default 0.1. */
  dropWord?: number;
  /** Chance that the clauses before and after the answer swap places in the question. Default 0.25. */
  swapClauses?: number;
  /** Chance that the wh-word moves to the front (a question's usual shape) instead of standing where the answer was. Default 0.7. */
  whFront?: number;
  /** Most words of the sentence a question keeps on each side of the answer. Default 10. */
  contextWords?: number;
  /**
   * Show only this many consecutive sentences of the source (holding the answer's, at a
   * random place) and of each distractor, instead of whole passages: shorter prompts,
   * fewer places to look, so a model from scratch learns to find and copy sooner, and
   * each step is cheaper. Default 0: whole passages.
   */
  windowSentences?: number;
}

const DEFAULTS: Required<SyntheticQuestionOptions> = { distractors: 2, dropWord: 0.1, swapClauses: 0.25, whFront: 0.7, contextWords: 10, windowSentences: 0 };

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
/** Dates first (they contain numbers), then numbers with their unit words. */
const DATE = new RegExp(`\\b(?:(?:${MONTHS})\\s+\\d{1,2}(?:,?\\s+\\d{3,4})?|\\d{1,2}\\s+(?:${MONTHS})\\s+\\d{3,4}|(?:${MONTHS})\\s+\\d{3,4}|(?:1[0-9]|20)\\d{2}s?)\\b`, 'gu');
const NUMBER = /(?<![\p{L}\p{N}])[$£€]?\d[\d,.]*(?![\p{L}\p{N}])(?:\s*(?:%|percent|million|billion|thousand|hundred))?(?:\s+[\p{Ll}]+)?(?![\p{N}])/gu;
/** Capitalised words, allowing a few lower-case joiners inside ("Duke of Normandy", "Bank of England"). */
const NAME = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+(?:(?:of|the|de|and|von|van|da|del|du|la|le)\s+)*\p{Lu}[\p{L}\p{M}'’.-]*)*/gu;
/** A determiner and up to three more words: a rough noun phrase. */
const PHRASE = /(?<![\p{L}\p{N}])(?:the|a|an|its|their|his|her)\s+((?:[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*\s+){0,2}[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*)/gu;

/** Stop words, and other function words that end a phrase or start a sentence without naming anything. */
const STOP: ReadonlySet<string> = new Set([
  ...ENGLISH_STOP_WORDS,
  ...'which who whom whose that unless although though whereas while however through thus therefore moreover also since until after before during because despite within without among between including mr mrs dr st'.split(' '),
]);

/** A candidate answer in a sentence: [start, end) in the sentence, and its kind. */
export interface AnswerSpan {
  start: number;
  end: number;
  kind: SyntheticAnswerKind;
}

/**
 * The answer spans a sentence offers, by kind: dates ("February 7, 2016", "1995"),
 * numbers with their unit ("24–10" aside, "3 million", "$1.2 billion", "6 weeks"),
 * capitalised name sequences not made only of stop words ("Denver Broncos", "Duke of
 * Normandy"; a lone sentence-initial word such as "The" is not one), and determiner
 * phrases ("the regular season" gives "regular season"). Spans never overlap a date
 * for the other kinds. Exported for tests.
 */
export function answerSpans(sentence: string): AnswerSpan[] {
  const spans: AnswerSpan[] = [];
  const covered = (s: number, e: number) => spans.some((x) => s < x.end && x.start < e);
  for (const m of sentence.matchAll(DATE)) spans.push({ start: m.index!, end: m.index! + m[0].length, kind: 'date' });
  for (const m of sentence.matchAll(NUMBER)) {
    let text = m[0].replace(/[.,]+$/u, '');
    // A trailing lower-case word is kept only as a unit ("6 weeks"), not a verb ("7 defeated").
    const unit = /\s+(\p{Ll}+)$/u.exec(text);
    if (unit !== null && (STOP.has(unit[1]) || /(ed|ing|ly)$/u.test(unit[1]))) text = text.slice(0, unit.index);
    text = text.replace(/[.,]+$/u, '');
    const start = m.index!;
    if (!/\p{N}/u.test(text) || covered(start, start + text.length)) continue;
    spans.push({ start, end: start + text.length, kind: 'number' });
  }
  for (const m of sentence.matchAll(NAME)) {
    let start = m.index!;
    let words = m[0].replace(/[.'’-]+$/u, '').split(/\s+/u);
    // Leading stop words ("The", "In") are capitalised because they start the sentence, not because they name something.
    while (words.length > 0 && STOP.has(words[0].toLowerCase())) {
      start = sentence.indexOf(words[1] ?? '', start + words[0].length);
      words = words.slice(1);
    }
    while (words.length > 0 && STOP.has(words[words.length - 1].toLowerCase())) words = words.slice(0, -1);
    // A single capitalised word opening the sentence may just be its first word ("Instead", "Luther" alike): skipped.
    if (words.length === 0 || start < 0 || (start === 0 && words.length === 1)) continue;
    const end = start + words.join(' ').length;
    if (sentence.slice(start, end) !== words.join(' ') || covered(start, end)) continue;
    spans.push({ start, end, kind: 'name' });
  }
  for (const m of sentence.matchAll(PHRASE)) {
    const words = m[1].split(/\s+/u);
    // Cut at the first stop word: "the team that won" gives "team".
    const cut = words.findIndex((w) => STOP.has(w.toLowerCase()));
    const kept = cut < 0 ? words : words.slice(0, cut);
    if (kept.length === 0) continue;
    const start = m.index! + m[0].length - m[1].length;
    const end = start + kept.join(' ').length;
    if (sentence.slice(start, end) !== kept.join(' ') || covered(start, end) || !/\p{L}/u.test(sentence.slice(start, end))) continue;
    spans.push({ start, end, kind: 'phrase' });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The wh-word a span's kind asks with. */
function whWord(kind: SyntheticAnswerKind, answer: string, rng: Random): string {
  switch (kind) {
    case 'date':
      return 'when';
    case 'number':
      return /%|percent/u.test(answer) ? 'what percentage' : /^[$£€]/u.test(answer) ? 'how much' : 'how many';
    case 'name':
      return rng.nextFloat() < 0.5 ? 'who' : 'what';
    case 'phrase':
      return rng.nextFloat() < 0.8 ? 'what' : 'which';
  }
}

/**
 * One synthetic question from `source` (Lewis et al. 2019, "Unsupervised Question
 * Answering by Cloze Translation", with its rule-based translation): a sentence of the
 * passage, an answer span in it (a date, a number, a capitalised name or a determiner
 * phrase, kind chosen uniformly among those the sentence has), and the sentence around
 * it turned into a question: the span replaced by a wh-word of its kind, which usually
 * moves to the front ("when did the Broncos defeat the Panthers"), with a few words
 * dropped and sometimes the clauses swapped, so the question shares most of the
 * sentence's words but never as one exact string. The prompt shows the source among up
 * to `distractors` other passages (same-title ones preferred, as retrieval would show
 * them), the source first more often than not, as a retriever ranks it.
 *
 * Returns null when the passage has no sentence with an answer span (or it is empty).
 * The answer is always a non-empty substring of the source's collapsed text, at
 * `answerStart`.
 */
export function syntheticQuestion(source: Passage, pool: readonly Passage[], rng: Random, options: SyntheticQuestionOptions = {}): SyntheticQuestion | null {
  const o = { ...DEFAULTS, ...options };
  const text = collapseWhitespace(source.text);
  const sentences = splitSentences(text);
  // Sentence offsets in the collapsed text: splitSentences' pieces joined by single spaces give it back.
  const offsets: number[] = [];
  let at = 0;
  for (const s of sentences) {
    at = text.indexOf(s, at);
    offsets.push(at);
    at += s.length;
  }
  const usable = sentences.map((s, i) => ({ s, i, spans: s.split(' ').length >= 5 ? answerSpans(s) : [] })).filter((x) => x.spans.length > 0);
  if (usable.length === 0) return null;
  const { s: sentence, i: sentenceIndex, spans } = usable[rng.nextInt(usable.length)];
  const kinds = [...new Set(spans.map((x) => x.kind))];
  const kind = kinds[rng.nextInt(kinds.length)];
  const ofKind = spans.filter((x) => x.kind === kind);
  const span = ofKind[rng.nextInt(ofKind.length)];
  const answer = sentence.slice(span.start, span.end);

  const wh = whWord(kind, answer, rng);
  const words = (s: string) => s.split(' ').filter((w) => w.length > 0);
  const clean = (w: string) => w.replace(/^[("“‘']+|[)"”’',;:.!?]+$/gu, '');
  let left = words(sentence.slice(0, span.start)).slice(-o.contextWords).map(clean).filter((w) => w.length > 0);
  let right = words(sentence.slice(span.end)).slice(0, o.contextWords).map(clean).filter((w) => w.length > 0);
  const drop = (ws: string[]) => ws.filter(() => rng.nextFloat() >= o.dropWord);
  left = drop(left);
  right = drop(right);
  // A preposition or article left dangling before the gap goes with the answer ("in 1995" → "when").
  if (left.length > 0 && STOP.has(left[left.length - 1].toLowerCase()) && (kind === 'date' || kind === 'phrase')) left = left.slice(0, -1);
  if (left.length > 0) left[0] = lowerFirst(left[0]);
  let parts: string[];
  if (rng.nextFloat() < o.whFront) parts = rng.nextFloat() < o.swapClauses ? [wh, ...right, ...left] : [wh, ...left, ...right];
  else parts = rng.nextFloat() < o.swapClauses ? [...right, wh, ...left] : [...left, wh, ...right];
  const question = upperFirst(parts.join(' ')) + '?';

  if (o.windowSentences > 0) {
    // The source becomes a window of sentences around the answer's; answerStart moves with it.
    const w = Math.min(o.windowSentences, sentences.length);
    const first = Math.max(0, Math.min(sentenceIndex - rng.nextInt(w), sentences.length - w));
    const window = sentenceWindow(source, sentences, first, w);
    const shift = offsets[first];
    const others = pool.filter((p) => p.id !== source.id && collapseWhitespace(p.text).length > 0);
    const shown = pickDistractors(source, others, o.distractors, rng).map((p) => {
      const ss = splitSentences(p.text);
      const n = Math.min(w, ss.length);
      return sentenceWindow(p, ss, rng.nextInt(ss.length - n + 1), n);
    });
    const position = rng.nextFloat() < 0.6 ? 0 : rng.nextInt(shown.length + 1);
    const passages = [...shown.slice(0, position), window, ...shown.slice(position)];
    return { question, answer, passages, source: window, answerStart: offsets[sentenceIndex] - shift + span.start, kind };
  }
  const others = pool.filter((p) => p.id !== source.id);
  const distractors = pickDistractors(source, others, o.distractors, rng);
  const position = rng.nextFloat() < 0.6 ? 0 : rng.nextInt(distractors.length + 1);
  const passages = [...distractors.slice(0, position), source, ...distractors.slice(position)];
  return { question, answer, passages, source, answerStart: offsets[sentenceIndex] + span.start, kind };
}

/** Up to `max` (at least 1 when max > 0) distinct other passages, same-title ones preferred (as retrieval would show them). */
function pickDistractors(source: Passage, others: readonly Passage[], max: number, rng: Random): Passage[] {
  const sameTitle = others.filter((p) => p.title !== undefined && p.title === source.title);
  const distractors: Passage[] = [];
  const count = max > 0 ? 1 + rng.nextInt(max) : 0;
  while (distractors.length < Math.min(count, others.length)) {
    const from = sameTitle.length > distractors.length && rng.nextFloat() < 0.7 ? sameTitle : others;
    const p = from[rng.nextInt(from.length)];
    if (!distractors.includes(p)) distractors.push(p);
  }
  return distractors;
}

/** Sentences first… first + count of a passage, as a passage of their own (id `passageId:first`). */
function sentenceWindow(passage: Passage, sentences: readonly string[], first: number, count: number): Passage {
  return { ...passage, id: `${passage.id}:${first}`, text: sentences.slice(first, first + count).join(' ') };
}

/**
 * An endless, seeded stream of synthetic questions over a collection: each `next()`
 * picks a random passage (retrying passages with no answer span) and makes a question
 * from it. `state` / `setState` resume the same sequence, as a trainer checkpoint needs.
 */
export class SyntheticQuestionSource {
  private readonly rng: Random;
  private readonly candidates: Passage[];

  constructor(
    /** The collection: sources and distractors. */
    readonly passages: readonly Passage[],
    /** Seed of the sequence. */
    seed: number,
    readonly options: SyntheticQuestionOptions = {},
  ) {
    this.candidates = passages.filter((p) => collapseWhitespace(p.text).length > 0);
    if (this.candidates.length === 0) throw new Error('SyntheticQuestionSource: expected passages with text, got none');
    this.rng = new Random(seed);
  }

  /** The next question. Throws when no passage of the collection offers an answer span. */
  next(): SyntheticQuestion {
    for (let tries = 0; tries < 100; tries++) {
      const q = syntheticQuestion(this.candidates[this.rng.nextInt(this.candidates.length)], this.passages, this.rng, this.options);
      if (q !== null) return q;
    }
    throw new Error(`SyntheticQuestionSource: 100 random passages of ${this.candidates.length} gave no sentence with an answer span (a date, number, name or "the …" phrase)`);
  }

  get state(): number {
    return this.rng.state;
  }

  set state(value: number) {
    this.rng.state = value;
  }
}

function lowerFirst(w: string): string {
  // Keep names and acronyms ("Denver", "NFL") as they are; only a sentence-initial stop word is lowered.
  return STOP.has(w.toLowerCase()) ? w.toLowerCase() : w;
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
