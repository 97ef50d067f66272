import { Random } from '@tfzoo/data';
import { chunkText, type TextChunk } from './chunkText';

const words = (text: string) => text.split(/\s+/).filter((w) => w.length > 0);

/** A document of paragraphs of sentences, with wrapped lines and the odd very long sentence. */
function randomDocument(random: Random): string {
  const vocab = ['river', 'Rhine', 'castle', 'steam', 'engine', 'of', 'the', 'and', 'Tesla', '1890', 'e.g.', 'über', '—', '“quoted”'];
  const paragraphs: string[] = [];
  for (let p = 0; p < 2 + random.nextInt(6); p++) {
    const sentences: string[] = [];
    for (let s = 0; s < 1 + random.nextInt(6); s++) {
      const n = random.nextInt(10) === 0 ? 60 + random.nextInt(40) : 3 + random.nextInt(15);
      sentences.push(Array.from({ length: n }, () => vocab[random.nextInt(vocab.length)]).join(random.nextInt(8) === 0 ? '\n' : ' ') + '.');
    }
    paragraphs.push(sentences.join(random.nextInt(3) === 0 ? '\n' : ' '));
  }
  return paragraphs.join(random.nextInt(2) === 0 ? '\n\n' : '\n  \n\n');
}

/** Checks the chunker's promises for one document and returns the chunks. */
function checkInvariants(doc: string, chunks: TextChunk[], maxTokens: number, overlap: number): void {
  // Concatenating each chunk's new part gives back the document's words, none lost or repeated.
  expect(chunks.flatMap((c) => words(doc.slice(c.contentStart, c.end)))).toEqual(words(doc));
  chunks.forEach((c, i) => {
    expect(c.text).toBe(doc.slice(c.start, c.end));
    expect(c.tokens).toBe(words(c.text).length);
    expect(c.tokens).toBeLessThanOrEqual(maxTokens);
    expect(c.contentStart).toBeLessThan(c.end);
    if (i === 0) expect(c.start).toBe(c.contentStart);
    else {
      // The overlap is the tail of the previous chunk, at most `overlap` words.
      const repeated = words(doc.slice(c.start, c.contentStart));
      expect(repeated.length).toBeLessThanOrEqual(overlap);
      expect(c.contentStart).toBe(chunks[i - 1].end + (doc.slice(chunks[i - 1].end).length - doc.slice(chunks[i - 1].end).trimStart().length));
      const previous = words(chunks[i - 1].text);
      expect(previous.slice(previous.length - repeated.length)).toEqual(repeated);
    }
  });
}

describe('chunkText', () => {
  it('never loses or duplicates words, and respects maxTokens and overlap (random documents)', () => {
    const random = new Random(17);
    for (let trial = 0; trial < 60; trial++) {
      const doc = randomDocument(random);
      const maxTokens = 8 + random.nextInt(60);
      const overlap = random.nextInt(Math.ceil(maxTokens / 2));
      checkInvariants(doc, chunkText(doc, { maxTokens, overlap }), maxTokens, overlap);
    }
  });

  it('packs whole paragraphs while they fit', () => {
    const doc = 'One two three.\n\nFour five six.\n\nSeven eight nine ten.';
    expect(chunkText(doc, { maxTokens: 7 }).map((c) => c.text)).toEqual(['One two three.\n\nFour five six.', 'Seven eight nine ten.']);
    expect(chunkText(doc, { maxTokens: 100 }).map((c) => c.text)).toEqual([doc]);
  });

  it('cuts a long paragraph at the last sentence end that fits, then at a word', () => {
    const doc = 'Alpha beta gamma. Delta epsilon zeta eta. Theta iota kappa lambda mu nu xi omicron pi.';
    expect(chunkText(doc, { maxTokens: 8 }).map((c) => c.text)).toEqual([
      'Alpha beta gamma. Delta epsilon zeta eta.',
      'Theta iota kappa lambda mu nu xi omicron',
      'pi.',
    ]);
  });

  it('starts the overlap at a sentence start when the window holds one', () => {
    const doc = 'Aa bb cc dd. Ee ff. Gg hh ii jj kk ll.';
    const chunks = chunkText(doc, { maxTokens: 8, overlap: 3 });
    expect(chunks.map((c) => c.text)).toEqual(['Aa bb cc dd. Ee ff.', 'Ee ff. Gg hh ii jj kk ll.']);
    expect(doc.slice(chunks[1].contentStart, chunks[1].end)).toBe('Gg hh ii jj kk ll.');
  });

  it('counts tokens with countTokens and still emits a word longer than the limit', () => {
    const doc = 'short words then supercalifragilistic end';
    const chunks = chunkText(doc, { maxTokens: 4, countTokens: (w) => Math.ceil(w.length / 4) });
    checkTokens(chunks, (w) => Math.ceil(w.length / 4));
    expect(chunks.map((c) => c.text)).toEqual(['short words', 'then', 'supercalifragilistic', 'end']);
    expect(chunks[2].tokens).toBe(5);
  });

  it('returns nothing for blank text and rejects bad options', () => {
    expect(chunkText('  \n\n ')).toEqual([]);
    expect(() => chunkText('x', { maxTokens: 0 })).toThrow('expected maxTokens to be a positive integer, got 0');
    expect(() => chunkText('x', { maxTokens: 10, overlap: 5 })).toThrow('expected overlap to be an integer in [0, maxTokens / 2) = [0, 5), got 5');
    expect(() => chunkText('x', { countTokens: () => NaN })).toThrow('expected countTokens to return a number >= 0, got NaN for "x"');
  });
});

function checkTokens(chunks: TextChunk[], count: (w: string) => number): void {
  for (const c of chunks) expect(c.tokens).toBe(words(c.text).reduce((a, w) => a + count(w), 0));
}
