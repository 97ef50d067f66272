import { initBackend } from '@tfzoo/core';
import { Random } from '@tfzoo/data';
import { Trainer } from '@tfzoo/train';
import { Seq2SeqTransformer } from './Seq2SeqTransformer';
import { reversalBatch, reversalPairs } from './test-helpers/toyTasks';

/** Share of outputs equal to their target. */
function exactMatch(outputs: Int32Array[], targets: number[][]): number {
  return outputs.filter((o, i) => Array.from(o).join() === targets[i].join()).length / targets.length;
}

describe('Seq2SeqTransformer on wasm', () => {
  beforeAll(() => initBackend('wasm', { log: null }));

  it('learns to reverse sequences (> 95% exact match, greedy and beam search)', async () => {
    const model = Seq2SeqTransformer.create({
      sourceVocabSize: 15,
      targetVocabSize: 15,
      preset: 'tiny',
      encoderLayers: 2,
      decoderLayers: 2,
      dropout: 0,
      labelSmoothing: 0,
      seed: 1,
    });
    const rng = new Random(3);
    const steps = 200;
    const trainer = new Trainer(model, { maxSteps: steps, learningRate: 1e-2, warmupSteps: 20, weightDecay: 0 });
    for (let step = 0; step < steps; step++) await trainer.trainStep(() => reversalBatch(rng, 32));
    const test = reversalPairs(new Random(99), 100);
    expect(exactMatch(model.translateIds(test.sources, { maxLength: 8 }), test.targets)).toBeGreaterThan(0.95);
    expect(exactMatch(model.translateIds(test.sources, { maxLength: 8, beamWidth: 3 }), test.targets)).toBeGreaterThan(0.95);
    trainer.dispose();
    model.dispose();
  });
});
