import { BPE_BYTE_ID_OFFSET, BPE_FIRST_MERGE_ID, BpeMerge, countBpePieces, mergePair, trainBpeMerges } from './bpeTrainer';
import { randomTexts, seededRandom } from './test-helpers/randomText';

/** The textbook algorithm: recount every pair over every piece before each merge. */
function naiveTrain(pieceCounts: Map<string, number>, maxMerges: number, minFrequency: number): BpeMerge[] {
  let words = [...pieceCounts].map(([piece, count]) => ({ sym: Array.from(Buffer.from(piece, 'utf8'), (b) => b + BPE_BYTE_ID_OFFSET), count }));
  const merges: BpeMerge[] = [];
  while (merges.length < maxMerges) {
    const counts = new Map<string, { a: number; b: number; n: number }>();
    for (const { sym, count } of words) {
      for (let i = 0; i + 1 < sym.length; i++) {
        const k = `${sym[i]},${sym[i + 1]}`;
        const entry = counts.get(k) ?? { a: sym[i], b: sym[i + 1], n: 0 };
        entry.n += count;
        counts.set(k, entry);
      }
    }
    let best: { a: number; b: number; n: number } | undefined;
    for (const e of counts.values()) {
      if (!best || e.n > best.n || (e.n === best.n && (e.a < best.a || (e.a === best.a && e.b < best.b)))) best = e;
    }
    if (!best || best.n < minFrequency) break;
    const id = BPE_FIRST_MERGE_ID + merges.length;
    merges.push([best.a, best.b]);
    words = words.map(({ sym, count }) => ({ sym: mergePair(sym, best!.a, best!.b, id), count }));
  }
  return merges;
}

describe('trainBpeMerges', () => {
  test('matches the naive recount-everything trainer exactly on random corpora', () => {
    const rand = seededRandom(21);
    for (let trial = 0; trial < 6; trial++) {
      // Repetitive corpora exercise deep merges; random Unicode exercises many byte values.
      const vocab = ['the', 'then', 'there', 'aaaa', 'aaa', 'hug', 'hugs', 'ab', 'ba', 'é', '😀😀'];
      const words = Array.from({ length: 400 }, () => vocab[Math.floor(rand() * vocab.length)]);
      const texts = [words.join(rand() < 0.5 ? ' ' : ''), ...randomTexts(100 + trial, 40, 20)];
      const pieces = countBpePieces(texts);
      for (const minFrequency of [1, 2, 5]) {
        const maxMerges = 60;
        expect(trainBpeMerges(pieces, { maxMerges, minFrequency })).toEqual(naiveTrain(pieces, maxMerges, minFrequency));
      }
    }
  });

  test('overlapping pairs merge left to right: aaaa → aa aa, aaa → aa a', () => {
    const a = 'a'.charCodeAt(0) + BPE_BYTE_ID_OFFSET;
    const merges = trainBpeMerges(new Map([['aaaa', 1], ['aaa', 1]]), { maxMerges: 3, minFrequency: 1 });
    // (a,a) occurs 3 times in aaaa and 2 in aaa, but only 2 + 1 merge, giving
    // [aa aa] and [aa a]; then (aa,a) and (aa,aa) tie at 1 and the smaller
    // right id (a = 104 < aa = 263) goes first.
    expect(merges).toEqual([
      [a, a],
      [BPE_FIRST_MERGE_ID, a],
      [BPE_FIRST_MERGE_ID, BPE_FIRST_MERGE_ID],
    ]);
    expect(mergePair([a, a, a], a, a, 99)).toEqual([99, a]);
  });

  test('stops when no pair reaches minFrequency', () => {
    expect(trainBpeMerges(new Map([['ab', 1]]), { maxMerges: 10, minFrequency: 2 })).toEqual([]);
    expect(trainBpeMerges(new Map([['ab', 2]]), { maxMerges: 10, minFrequency: 2 })).toHaveLength(1);
  });
});
