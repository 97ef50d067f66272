/** U+00A0 no-break space and U+202F narrow no-break space (French puts them before `?`, `!`, `:` and inside « »). */
const NO_BREAK_SPACES = /[\u00a0\u202f]/g;

/**
 * Plain spaces for no-break ones, runs of whitespace collapsed, ends trimmed. Tatoeba's
 * French mixes U+202F, U+00A0 and plain spaces for the same typography; without this a
 * tokenizer learns three spellings of ` ?` and BLEU counts correct output as wrong.
 */
export function normalizeSpaces(text: string): string {
  return text.replace(NO_BREAK_SPACES, ' ').replace(/\s+/g, ' ').trim();
}
