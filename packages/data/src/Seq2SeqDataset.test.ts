import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { matrixRow } from './IntMatrix';
import { Seq2SeqDataset } from './Seq2SeqDataset';
import { TinyCharTokenizer } from './test-helpers/TinyCharTokenizer';

const en = new TinyCharTokenizer('abcdefghijklmnopqrstuvwxyz !?.');
const fr = new TinyCharTokenizer('abcdefghijklmnopqrstuvwxyz !?.éàç');
const pairs = [
  { source: 'run!', target: 'cours !' },
  { source: 'who?', target: 'qui ?' },
  { source: 'hi.', target: 'salut.' },
];

describe('Seq2SeqDataset', () => {
  test('each pair appears once per epoch with its own target, BOS/EOS placed', () => {
    const ds = Seq2SeqDataset.fromPairs(pairs, en, fr);
    const found: string[] = [];
    for (const b of ds.batches(2, { seed: 3 })) {
      for (let r = 0; r < b.encoderInput.shape[0]; r++) {
        const source = en.decode(matrixRow(b.encoderInput, r));
        const dec = matrixRow(b.decoderInput, r);
        const tgt = matrixRow(b.target, r);
        const target = pairs.find((p) => p.source === source)!.target;
        const n = [...target].length;
        expect(dec[0]).toBe(SPECIAL_TOKENS.BOS);
        expect(fr.decode(dec.subarray(1, n + 1))).toBe(target);
        expect(fr.decode(tgt.subarray(0, n))).toBe(target);
        expect(tgt[n]).toBe(SPECIAL_TOKENS.EOS);
        found.push(source);
      }
    }
    expect(found.sort()).toEqual(pairs.map((p) => p.source).sort());
  });

  test('one tokenizer serves both sides by default; options are checked at construction', () => {
    const ds = Seq2SeqDataset.fromPairs(pairs, fr);
    expect(ds.size).toBe(3);
    expect(Array.from(ds.targets.get(0))).toEqual(fr.encode('cours !'));
    expect(() => Seq2SeqDataset.fromPairs(pairs, en, fr, { maxTargetLength: 0 })).toThrow('expected maxTargetLength to be an integer >= 1, got 0');
    expect(() => new Seq2SeqDataset(ds.sources, ds.targets.select([0]))).toThrow('expected as many targets as sources (3), got 1');
  });

  test('batchSource: every pair once per epoch in similar-length batches, and resumable', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ source: 'a'.repeat(1 + (i % 10)), target: 'b'.repeat(1 + ((i * 7) % 13)) + String.fromCharCode(97 + (i % 26)) }));
    const ds = Seq2SeqDataset.fromPairs(many, fr);
    const source = ds.batchSource(4, { seed: 1, bucketBatches: 10 });
    const seen = new Map<string, number>();
    let padding = 0;
    for (let k = 0; k < 10; k++) {
      const b = source.next();
      for (let r = 0; r < b.encoderInput.shape[0]; r++) {
        const key = fr.decode(matrixRow(b.encoderInput, r)) + '|' + fr.decode(matrixRow(b.target, r));
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      padding += b.decoderMask.data.filter((v) => v === 0).length;
    }
    expect(seen.size).toBe(new Set(many.map((p) => p.source + '|' + p.target + String.fromCharCode(SPECIAL_TOKENS.EOS))).size);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    // Random batches of these lengths carry ~150 padded decoder slots per epoch; bucketed ones far fewer.
    expect(padding).toBeLessThan(60);
    const state = source.getState();
    const next = source.next();
    const resumed = ds.batchSource(4, { seed: 1, bucketBatches: 10 });
    resumed.setState(state);
    expect(Array.from(resumed.next().encoderInput.data)).toEqual(Array.from(next.encoderInput.data));
  });
});
