import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { tinyModel } from './test-helpers/tinyModel';

const { BOS } = SPECIAL_TOKENS;

describe.each(['cpu', 'wasm'] as const)('DecoderSession on %s', (backend) => {
  beforeAll(() => initBackend(backend, { log: null }));

  it('gives, with its caches, the logits of an uncached teacher-forced pass, also after rows are reordered and dropped', () => {
    const model = tinyModel({ norm: 'post', positional: 'learned' });
    const sources = [[7, 8, 9], [10, 11], [12, 13, 14, 7]];
    const fed: number[][] = sources.map(() => [BOS]);
    const stepLogits: number[][][] = sources.map(() => []);
    const session = model.startDecoding(sources);
    let rows = [0, 1, 2]; // sentence of each row
    try {
      for (let t = 0; t < 6; t++) {
        const logits = session.step(rows.map((b) => fed[b][t]));
        const values = logits.arraySync();
        logits.dispose();
        rows.forEach((b, r) => {
          stepLogits[b].push(values[r]);
          fed[b].push(7 + ((b + t) % 8));
        });
        if (t === 2) {
          session.selectRows([2, 0]); // reorder, and sentence 1 leaves
          rows = [rows[2], rows[0]];
        }
      }
    } finally {
      session.dispose();
    }
    sources.forEach((source, b) => {
      const steps = stepLogits[b].length;
      const full = model.logits([source], [fed[b].slice(0, steps)]);
      const reference = full.arraySync()[0];
      full.dispose();
      for (let t = 0; t < steps; t++) {
        const diff = Math.max(...reference[t].map((z, j) => Math.abs(z - stepLogits[b][t][j])));
        expect(diff).toBeLessThan(1e-4);
      }
    });
    model.dispose();
  });

  it('refuses steps past the decoder positions, a wrong number of tokens and bad row indices', () => {
    const model = tinyModel({ maxTargetLength: 2 });
    const session = model.startDecoding([[7, 8], [9]]);
    try {
      expect(() => session.step([BOS])).toThrow('expected one token per row (2), got 1');
      expect(() => session.selectRows([0, 2])).toThrow('expected row indices in [0, 2), got 2 at 1');
      tf.dispose(session.step([BOS, BOS]));
      tf.dispose(session.step([7, 8]));
      expect(() => session.step([7, 8])).toThrow('the decoder reads at most 2 target positions (maxTargetLength), and all are used');
    } finally {
      session.dispose();
    }
    model.dispose();
  });

  it('frees every cache tensor on dispose', () => {
    const model = tinyModel();
    const before = tf.memory().numTensors;
    const session = model.startDecoding([[7, 8], [9, 10, 11]]);
    tf.dispose(session.step([BOS, BOS]));
    session.selectRows([1, 1, 0]);
    tf.dispose(session.step([7, 8, 9]));
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
