import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { makeSeq2SeqBatch, Random } from '@tfzoo/data';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { countSeq2SeqParameters, resolveSeq2SeqConfig } from './Seq2SeqConfig';
import { loadSeq2SeqTransformer } from './loadSeq2SeqTransformer';
import { Seq2SeqTransformer } from './Seq2SeqTransformer';
import { tinyModel } from './test-helpers/tinyModel';
import { reversalPairs } from './test-helpers/toyTasks';

const { BOS, EOS } = SPECIAL_TOKENS;

/** Mean −log softmax(logits)[target] over the real positions, computed on the host from the model's uncached logits. */
function naiveLoss(model: Seq2SeqTransformer, sources: number[][], targets: number[][]): number {
  const decoderInputs = targets.map((t) => [BOS, ...t]);
  const logits = model.logits(sources, decoderInputs);
  const values = logits.arraySync();
  logits.dispose();
  let total = 0;
  let count = 0;
  targets.forEach((t, b) => {
    [...t, EOS].forEach((next, u) => {
      const row = values[b][u];
      const max = Math.max(...row);
      const logZ = max + Math.log(row.reduce((s, z) => s + Math.exp(z - max), 0));
      total += logZ - row[next];
      count++;
    });
  });
  return total / count;
}

describe('Seq2SeqTransformer', () => {
  beforeAll(() => initBackend('cpu', { log: null }));

  it('has stable layer-scoped weight names and the parameter count of its config', () => {
    for (const overrides of [{}, { tieOutputEmbeddings: false, norm: 'post' as const, positional: 'learned' as const }, { targetVocabSize: 15, shareEmbeddings: true }]) {
      const model = tinyModel(overrides);
      const names = model.variables().map((v) => v.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toContain('encoder_0/self_attention/query_key_value/kernel');
      expect(names).toContain('decoder_0/cross_attention/key_value/kernel');
      expect(names).toContain('decoder_0/cross_attention/query/kernel');
      expect(names.some((n) => n.startsWith(overrides.shareEmbeddings ? 'shared_embedding/' : 'target_embedding/'))).toBe(true);
      expect(names.includes('output_projection/kernel')).toBe(overrides.tieOutputEmbeddings === false);
      expect(model.countParams()).toBe(countSeq2SeqParameters(resolveSeq2SeqConfig(model.config())));
      expect(model.config().architecture).toBe('seq2seq-transformer');
      model.dispose();
    }
  });

  it('loss is the mean token cross-entropy over the real target positions (teacher forcing)', () => {
    const model = tinyModel();
    const sources = [[7, 8, 9], [10, 11, 12, 13, 14]];
    const targets = [[9, 8], [14, 13, 12, 11]];
    const batch = makeSeq2SeqBatch(sources, targets);
    const loss = tf.tidy(() => model.loss(batch, { training: false }).dataSync()[0]);
    expect(loss).toBeCloseTo(naiveLoss(model, sources, targets), 4);
    // Label smoothing applies while training only (dropout is 0 here, so nothing else differs).
    const smoothed = tf.tidy(() => model.loss(batch, { training: true }).dataSync()[0]);
    expect(smoothed).toBeGreaterThan(loss);
    model.dispose();
  });

  it('ignores source padding: ids under padding change nothing, and a sentence decodes alike alone or batched', () => {
    const model = tinyModel();
    const batch = makeSeq2SeqBatch([[7, 8], [9, 10, 11, 12, 13]], [[8, 7], [13, 12]]);
    const garbage = { ...batch, encoderInput: { data: batch.encoderInput.data.slice(), shape: batch.encoderInput.shape } };
    const S = batch.encoderInput.shape[1];
    for (let s = 2; s < S; s++) garbage.encoderInput.data[s] = 7 + s; // row 0, under its padding
    const [a, b] = tf.tidy(() => [model.loss(batch, { training: false }).dataSync()[0], model.loss(garbage, { training: false }).dataSync()[0]]);
    expect(b).toBe(a);

    const alone = model.logits([[7, 8]], [[BOS, 8, 7]]);
    const batched = model.logits([[7, 8], [9, 10, 11, 12, 13, 14, 9, 10]], [[BOS, 8, 7], [BOS, 14, 13]]);
    const rowOfBatch = tf.slice(batched, [0, 0, 0], [1, -1, -1]);
    expect(tf.max(tf.abs(tf.sub(alone, rowOfBatch))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([alone, batched, rowOfBatch]);
    expect(model.translateIds([[7, 8]], { maxLength: 6 })).toEqual(model.translateIds([[7, 8], [9, 10, 11, 12, 13, 14, 9, 10]], { maxLength: 6 }).slice(0, 1));
    model.dispose();
  });

  it('beam width 1 equals greedy decoding, and translateIds keeps the order of its inputs', () => {
    const model = tinyModel({ seed: 5 });
    const { sources } = reversalPairs(new Random(2), 12, { minLength: 1, maxLength: 8 });
    const greedy = model.translateIds(sources, { maxLength: 9, batchSize: 5 });
    const beam1 = model.translateIds(sources, { beamWidth: 1, maxLength: 9 });
    expect(beam1).toEqual(greedy);
    expect(model.translateIds([])).toEqual([]);
    // Each sentence alone decodes as it did in the sorted batches.
    sources.slice(0, 3).forEach((s, i) => expect(model.translateIds([s], { maxLength: 9 })[0]).toEqual(greedy[i]));
    model.dispose();
  });

  it('leaks no tensors across translateIds (greedy and beam), crossAttentionWeights, loss and its gradient', () => {
    const model = tinyModel();
    const sources = [[7, 8, 9], [10], [11, 12, 13, 14]];
    model.translateIds(sources, { maxLength: 4 }); // first call may create lasting state (none expected)
    const before = tf.memory().numTensors;
    model.translateIds(sources, { maxLength: 5 });
    model.translateIds(sources, { maxLength: 5, beamWidth: 3, batchSize: 2 });
    model.crossAttentionWeights([7, 8], [9, 10, EOS]);
    tf.dispose(model.loss(makeSeq2SeqBatch(sources, sources), { training: true }));
    expect(tf.memory().numTensors).toBe(before);
    // A training step's gradient: the tensors the loss saves for its backward pass are freed with it.
    const { value, grads } = tf.variableGrads(() => model.loss(makeSeq2SeqBatch(sources, sources), { training: true }), model.variables().map((v) => v.variable));
    expect(Object.keys(grads)).toHaveLength(model.variables().length);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('frees every weight on dispose, and refuses to run afterwards', () => {
    const before = tf.memory().numTensors;
    const model = tinyModel({ tieOutputEmbeddings: false });
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => model.translateIds([[7]])).toThrow('this Seq2SeqTransformer has been disposed');
  });

  it('gives cross-attention weights per layer and head, target × source, each row a distribution', () => {
    const model = tinyModel({ encoderLayers: 1, decoderLayers: 2, sourceEos: true });
    const weights = model.crossAttentionWeights([7, 8, 9], [10, 11, EOS]);
    expect(weights.length).toBe(2); // layers
    expect(weights[0].length).toBe(2); // heads
    expect(weights[1][1].length).toBe(3); // target positions
    expect(weights[1][1][0].length).toBe(4); // source tokens + the EOS the model appends
    for (const layer of weights) for (const head of layer) for (const row of head) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('saves and loads to identical translations', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-'));
    const model = tinyModel({ tieOutputEmbeddings: false, seed: 9 });
    await model.save(path.join(dir, 'm'), { metadata: { note: 'test' } });
    const loaded = await loadSeq2SeqTransformer(path.join(dir, 'm'));
    const sources = [[7, 8, 9], [10, 11]];
    expect(loaded.config()).toEqual(model.config());
    expect(loaded.translateIds(sources, { maxLength: 6 })).toEqual(model.translateIds(sources, { maxLength: 6 }));
    expect(loaded.translateIds(sources, { maxLength: 6, beamWidth: 2 })).toEqual(model.translateIds(sources, { maxLength: 6, beamWidth: 2 }));
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'm', 'seq2seq.json'), 'utf8'));
    expect(index).toMatchObject({ format: 'tfzoo-seq2seq', version: 1, parameters: model.countParams(), metadata: { note: 'test' } });
    model.dispose();
    loaded.dispose();
  });

  it('says what is wrong: shapes, unknown ids, long or empty sentences, decoding options, folders of other models', async () => {
    const model = tinyModel();
    const batch = makeSeq2SeqBatch([[7, 8]], [[9]]);
    expect(() => model.loss({ ...batch, target: { data: new Int32Array(3), shape: [1, 3] } }, { training: false })).toThrow('expected target of shape [1, 2] (2 values), got [1, 3] with 3 values');
    expect(() => model.loss(makeSeq2SeqBatch([[7, 15]], [[9]]), { training: false })).toThrow('expected token ids in [0, 15), got 15 at position 1 in encoderInput');
    expect(() => model.loss(makeSeq2SeqBatch([Array(13).fill(7)], [[9]]), { training: false })).toThrow('sources of 13 tokens (maxSourceLength 12)');
    expect(() => model.translateIds([[7, 8], [7, 99]])).toThrow('expected token ids in [0, 15), got 99 at position 1 in source 1');
    expect(() => model.translateIds([Array(13).fill(7)])).toThrow('source 0 has 13 tokens, but the model reads at most 12 (maxSourceLength)');
    expect(() => model.translateIds([[]])).toThrow('source 0 is empty');
    expect(() => model.translateIds([[7]], { maxLength: 11 })).toThrow('expected maxLength to be an integer in [1, 10]');
    expect(() => model.translateIds([[7]], { beamWidth: 0 })).toThrow('expected beamWidth to be a positive integer (1 = greedy), got 0');
    expect(() => Seq2SeqTransformer.create({ sourceVocabSize: 20, targetVocabSize: 20, dModel: 30, numHeads: 4 })).toThrow('dModel 30 is not divisible by numHeads 4');
    expect(() => Seq2SeqTransformer.create({ sourceVocabSize: 20, targetVocabSize: 21, shareEmbeddings: true })).toThrow('shareEmbeddings needs one vocabulary');
    expect(() => Seq2SeqTransformer.create({ sourceVocabSize: 20, targetVocabSize: 20, preset: 'huge' as never })).toThrow("unknown Seq2SeqTransformer preset \"huge\"; expected one of 'tiny'");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-other-'));
    fs.writeFileSync(path.join(dir, 'gpt.json'), JSON.stringify({ format: 'tfzoo-gpt', version: 1 }));
    await expect(loadSeq2SeqTransformer(dir)).rejects.toThrow(`'${dir}' holds a gpt model (gpt.json says format "tfzoo-gpt"), not a Seq2SeqTransformer`);
    const rnnDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seq2seq-rnn-'));
    fs.writeFileSync(path.join(rnnDir, 'model.json'), JSON.stringify({ className: 'RnnSeq2Seq', config: {} }));
    await expect(loadSeq2SeqTransformer(rnnDir)).rejects.toThrow('holds a RnnSeq2Seq model');
    await expect(loadSeq2SeqTransformer(path.join(dir, 'missing'))).rejects.toThrow('the folder does not exist');

    // A saved model whose weights do not fit its config is refused, naming the weight.
    const bad = path.join(dir, 'bad');
    await model.save(bad);
    const index = JSON.parse(fs.readFileSync(path.join(bad, 'seq2seq.json'), 'utf8'));
    fs.writeFileSync(path.join(bad, 'seq2seq.json'), JSON.stringify({ ...index, config: { ...index.config, ffDim: 48 } }));
    await expect(loadSeq2SeqTransformer(bad)).rejects.toThrow("weight 'encoder_0/feedforward/intermediate_dense/kernel' has shape [16,32], expected [16,48]");
    model.dispose();
  });
});
