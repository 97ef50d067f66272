/** Seeded PRNG (mulberry32): the same seed gives the same sequence, so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const between = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/**
 * Pieces of text that break naive tokenizers: accents in both normal forms,
 * the narrow no-break space French puts before ! ? ; :, astral-plane emoji
 * with modifiers, ZWJ sequences and flags, CJK, right-to-left scripts, tabs,
 * newlines, NUL, BOM, U+FFFD and the literal text of special tokens.
 */
const FIXED_PIECES = [
  ' ', ' ', ' ', '  ', '\n', '\n\n', '\t', '\r\n', '\u00A0', '\u202F', '\u3000',
  '.', ',', '!', '?', ';', ':', "'", '"', '’', '“', '”', '(', ')', '[', '-', '—', '…', '«', '»', '$', '%', '#', '@',
  'é', 'e\u0301', 'à', 'ç', 'ñ', 'ü', 'Å', 'A\u030A', 'ß', 'İ', 'œ', 'ﬁ',
  '😀', '👋🏽', '👨\u200D👩\u200D👧', '🇫🇷', '❤\uFE0F', '1\uFE0F\u20E3', '𝔘', '𐍈',
  '中', '文', '日本語', '한국어', 'ᄀ', 'ᅡ', 'Привет', 'مرحبا', 'שלום', 'हिन्दी', 'ไทย',
  '\u0000', '\uFEFF', '\uFFFD', '\u200B', '<pad>', '<unk>', '<bos>', "'s", "'LL", '123', '3.14', 'don\'t', 'well-known',
];

const WORDS = ['the', 'The', 'and', 'thee', 'thou', 'art', 'king', 'KING', 'love', 'café', 'naïve', 'zoo', 'a', 'I'];

/** One random piece: a fixed hard case, a word, or a random code point from some block. */
function randomPiece(rand: () => number): string {
  const r = rand();
  if (r < 0.35) return pick(rand, FIXED_PIECES);
  if (r < 0.65) return pick(rand, WORDS);
  const blocks: Array<[number, number]> = [
    [0x20, 0x7e], // ASCII
    [0xa0, 0x24f], // Latin-1, Latin Extended
    [0x300, 0x36f], // combining diacritics (may land on nothing: still valid text)
    [0x400, 0x4ff], // Cyrillic
    [0x4e00, 0x9fff], // CJK
    [0x1f300, 0x1faff], // emoji (astral)
    [0x10000, 0x10ffff], // anywhere in the astral planes
    [0xe000, 0xfffd], // private use and specials up to U+FFFD
  ];
  const [lo, hi] = pick(rand, blocks);
  return String.fromCodePoint(between(rand, lo, hi));
}

/** A random well-formed string (no lone surrogates) of up to `maxPieces` pieces. */
export function randomText(rand: () => number, maxPieces = 30): string {
  let s = '';
  const n = between(rand, 0, maxPieces);
  for (let i = 0; i < n; i++) s += randomPiece(rand);
  return s;
}

/** `count` random strings from `seed`. */
export function randomTexts(seed: number, count: number, maxPieces = 30): string[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => randomText(rand, maxPieces));
}
