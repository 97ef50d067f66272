import { Random } from '@tfzoo/data';
import { NUM_SPECIAL_TOKENS, SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { MlmMasker } from './MlmMasker';

const V = 50;
const { PAD, CLS, SEP, UNK, MASK } = SPECIAL_TOKENS;

/** Rows of `<cls> ordinary… <sep>` then PAD, with a few UNKs, of lengths 3 … T. */
function batch(B: number, T: number, seed: number): Int32Array {
  const random = new Random(seed);
  const ids = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    const length = 3 + random.nextInt(T - 2);
    ids[b * T] = CLS;
    for (let t = 1; t < length - 1; t++) ids[b * T + t] = random.nextFloat() < 0.05 ? UNK : NUM_SPECIAL_TOKENS + random.nextInt(V - NUM_SPECIAL_TOKENS);
    ids[b * T + length - 1] = SEP;
  }
  return ids;
}

describe('MlmMasker', () => {
  it('chooses 15 % of ordinary tokens, masks 80 % / randomises 10 % / keeps 10 % of them, never a PAD or special token', () => {
    const masker = new MlmMasker({ vocabSize: V });
    const random = new Random(123);
    const B = 32;
    const T = 24;
    const count = { eligible: 0, chosen: 0, masked: 0, randomised: 0, kept: 0 };
    // Counted rather than asserted one by one: 150k expect() calls would take a minute.
    const violations: string[] = [];
    for (let draw = 0; draw < 200; draw++) {
      const ids = batch(B, T, draw);
      const out = masker.mask(ids, [B, T], random);
      const P = out.predictions;
      const chosenAt = new Set<number>();
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < P; k++) {
          const at = b * T + out.positions[b * P + k];
          if (out.weights[b * P + k] === 0) {
            if (out.positions[b * P + k] !== 0) violations.push(`unused slot [${b}, ${k}] holds a position`);
            continue;
          }
          if (chosenAt.has(at)) violations.push(`position ${at} chosen twice`);
          if (out.targets[b * P + k] !== ids[at]) violations.push(`target at ${at} is not the original id`);
          chosenAt.add(at);
        }
      }
      for (let i = 0; i < ids.length; i++) {
        const original = ids[i];
        const now = out.inputIds[i];
        if (original < NUM_SPECIAL_TOKENS) {
          // PAD, CLS, SEP, UNK: never chosen, never changed.
          if (chosenAt.has(i) || now !== original) violations.push(`special id ${original} at ${i} was chosen or changed`);
          continue;
        }
        count.eligible++;
        if (!chosenAt.has(i)) {
          if (now !== original) violations.push(`unchosen token at ${i} changed`);
          continue;
        }
        count.chosen++;
        if (now === MASK) count.masked++;
        else if (now === original) count.kept++;
        else {
          count.randomised++;
          if (now < NUM_SPECIAL_TOKENS || now >= V) violations.push(`random replacement ${now} is not an ordinary id`);
        }
      }
    }
    expect(violations.slice(0, 5)).toEqual([]);
    // ~37k eligible tokens, ~5.6k chosen: a standard error of 0.2 % on the selection
    // rate, about 0.5 % on the 80/10/10 split.
    expect(count.eligible).toBeGreaterThan(30000);
    expect(Math.abs(count.chosen / count.eligible - 0.15)).toBeLessThan(0.006);
    expect(Math.abs(count.masked / count.chosen - 0.8)).toBeLessThan(0.02);
    // A random replacement hits the original id 1/43 of the time, which then counts as kept.
    const hit = 1 / (V - NUM_SPECIAL_TOKENS);
    expect(Math.abs(count.randomised / count.chosen - 0.1 * (1 - hit))).toBeLessThan(0.015);
    expect(Math.abs(count.kept / count.chosen - (0.1 + 0.1 * hit))).toBeLessThan(0.015);
  });

  it('is reproducible from the generator state and leaves its input alone', () => {
    const masker = new MlmMasker({ vocabSize: V });
    const ids = batch(4, 10, 1);
    const copy = Int32Array.from(ids);
    const a = masker.mask(ids, [4, 10], new Random(9));
    const b = masker.mask(ids, [4, 10], new Random(9));
    expect(a).toEqual(b);
    expect(ids).toEqual(copy);
    expect(masker.mask(ids, [4, 10], new Random(10))).not.toEqual(a);
  });

  it('pads rows to the largest number of predictions and gives an all-PAD batch one empty slot', () => {
    const masker = new MlmMasker({ vocabSize: V, selectionRate: 1 });
    const ids = Int32Array.from([CLS, 10, 11, 12, SEP, CLS, 13, SEP, PAD, PAD]);
    const out = masker.mask(ids, [2, 5], new Random(0));
    expect(out.predictions).toBe(3);
    expect(Array.from(out.positions)).toEqual([1, 2, 3, 1, 0, 0]);
    expect(Array.from(out.targets)).toEqual([10, 11, 12, 13, 0, 0]);
    expect(Array.from(out.weights)).toEqual([1, 1, 1, 1, 0, 0]);
    // The same predictions as flat indices b·T + t, without the padding slots.
    expect(Array.from(out.flatPositions)).toEqual([1, 2, 3, 6]);
    expect(Array.from(out.flatTargets)).toEqual([10, 11, 12, 13]);
    const empty = masker.mask(new Int32Array(6), [2, 3], new Random(0));
    expect(empty.predictions).toBe(1);
    expect(Array.from(empty.weights)).toEqual([0, 0]);
  });

  it('rejects bad rates and ids', () => {
    expect(() => new MlmMasker({ vocabSize: 7 })).toThrow('expected vocabSize > 7');
    expect(() => new MlmMasker({ vocabSize: V, selectionRate: 1.5 })).toThrow('expected selectionRate in [0, 1], got 1.5');
    expect(() => new MlmMasker({ vocabSize: V, maskRate: 0.9, randomRate: 0.2 })).toThrow('maskRate + randomRate must be at most 1');
    const masker = new MlmMasker({ vocabSize: V });
    expect(() => masker.mask(Int32Array.from([4, 60, 5]), [1, 3], new Random(0))).toThrow('expected token ids in [0, 50), got 60 at position [0, 1]');
    expect(() => masker.mask(Int32Array.from([4, 9]), [1, 3], new Random(0))).toThrow('expected 1·3 = 3 ids');
  });
});
