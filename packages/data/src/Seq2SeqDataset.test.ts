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
});
