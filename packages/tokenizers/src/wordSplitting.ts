/*
 * How WordTokenizer cuts normalised text into tokens and glues tokens back.
 *
 * A word is a run of letters, combining marks and digits, possibly joined by
 * an apostrophe (' or ’) or hyphen between two such runs: `don't`, `o’er`,
 * `well-known`, `2024`. Every other non-space character is a symbol token of
 * its own, together with what visually belongs to it: following combining
 * marks and variation selectors, emoji skin-tone modifiers, ZWJ-joined emoji
 * (👨‍👩‍👧) and flag pairs (🇫🇷). Whitespace only separates.
 */

const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}]`;
const SYMBOL_CHAR = String.raw`[^\s\p{L}\p{M}\p{N}]`;
// What attaches to the preceding symbol: marks (incl. variation selectors), skin tones.
const SYMBOL_EXTENDER = String.raw`[\p{M}\u{1F3FB}-\u{1F3FF}]`;
const REGIONAL_INDICATOR = String.raw`[\u{1F1E6}-\u{1F1FF}]`;

const WORD = String.raw`${WORD_CHAR}+(?:['’\-]${WORD_CHAR}+)*`;
const SYMBOL = String.raw`${REGIONAL_INDICATOR}{2}|${SYMBOL_CHAR}${SYMBOL_EXTENDER}*(?:\u200D${SYMBOL_CHAR}${SYMBOL_EXTENDER}*)*`;

/** Matches one word or symbol token. */
export const WORD_TOKEN_PATTERN = new RegExp(`${WORD}|${SYMBOL}`, 'gu');

/**
 * WordTokenizer's normalisation: lower-case (if asked, with the
 * locale-independent `toLowerCase`), then Unicode NFC, so `é` typed as one
 * code point or as `e` + U+0301 is the same word.
 */
export function normalizeWordText(text: string, lowercase: boolean): string {
  return (lowercase ? text.toLowerCase() : text).normalize('NFC');
}

/** Splits already-normalised text into word and symbol tokens; whitespace is dropped. */
export function splitWords(normalized: string): string[] {
  return normalized.match(WORD_TOKEN_PATTERN) ?? [];
}

// English typesetting: no space before closing punctuation, none after opening.
const NO_SPACE_BEFORE = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '%', '…', '”', '’']);
const NO_SPACE_AFTER = new Set(['(', '[', '{', '“', '‘', '¿', '¡']);
const STRAIGHT_QUOTES = new Set(['"', "'"]);

const STARTS_WITH_EXTENDER = new RegExp(`^(?:${SYMBOL_EXTENDER}|\\u200D)`, 'u');

/**
 * Joins tokens with single spaces, except: no space before `. , ; : ! ? ) ] } % … ” ’`,
 * none after `( [ { “ ‘ ¿ ¡`, and straight quotes `"` `'` alternate between
 * opening (space before, none after) and closing (none before). A space is
 * kept anyway wherever dropping it would make the two tokens read back as
 * different tokens (a token starting with a combining mark after `(`), so
 * `splitWords(joinWords(tokens))` gives the tokens back.
 */
export function joinWords(tokens: readonly string[]): string {
  let text = '';
  let prev: string | null = null;
  let prevOpens = false;
  const quoteOpen = new Map<string, boolean>();
  for (const token of tokens) {
    let spaceBefore = prev !== null && !prevOpens && !NO_SPACE_BEFORE.has(token);
    let opens = NO_SPACE_AFTER.has(token);
    if (STRAIGHT_QUOTES.has(token)) {
      const closing = quoteOpen.get(token) === true;
      quoteOpen.set(token, !closing);
      if (closing) spaceBefore = false;
      else opens = true;
    }
    if (!spaceBefore && prev !== null && !canTouch(token)) spaceBefore = true;
    text += spaceBefore ? ` ${token}` : token;
    prev = token;
    prevOpens = opens;
  }
  return text;
}

/**
 * Whether `left` and `right` written without a space still split into exactly
 * these two tokens. Only a punctuation token is ever written against its
 * neighbour, so the one risk is a token that starts with what would attach to
 * that punctuation: a combining mark, skin-tone modifier or ZWJ.
 */
function canTouch(right: string): boolean {
  return !STARTS_WITH_EXTENDER.test(right);
}
