/**
 * Lucene's default English stop words (`EnglishAnalyzer.ENGLISH_STOP_WORDS_SET`):
 * 33 function words. Deliberately short: BM25's IDF already discounts common
 * words, and a long list would drop words that matter in questions
 * ("who", "when", "not").
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not',
  'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was', 'will', 'with',
]);
