import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tfzoo/core';
import { encodeText, splitByFraction } from '@tfzoo/data';
import { loadGPT } from './loadGPT';
import { maxAbsDiff, TINY_TEXT, tinyGPT } from './test-helpers/tinyGPT';
import { trainLanguageModel } from './trainLanguageModel';

test('trains on a token stream with evaluation, a run folder and a best checkpoint that loadGPT reads (wasm)', async () => {
  await initBackend('wasm', { log: null });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tfzoo-gpt-train-'));
  try {
    const gpt = tinyGPT({ blockSize: 8, positional: 'learned', norm: 'pre', tieEmbeddings: true });
    const ids = encodeText(gpt.tokenizer, TINY_TEXT.repeat(20));
    const { train, val } = splitByFraction(ids, { valFraction: 0.2 });
    const before = tf.memory().numTensors;
    const evals: number[] = [];
    const result = await trainLanguageModel(gpt, {
      trainIds: train,
      valIds: val,
      batchSize: 8,
      trainConfig: { maxSteps: 40, learningRate: 1e-2, warmupSteps: 4, evalEvery: 20, evalBatches: 2 },
      runDir: root,
      progress: false,
      interrupt: { enabled: false },
      onEval: (e) => void evals.push(e.evalLoss!),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.step).toBe(40);
    expect(result.tokens).toBe(40 * 8 * 8);
    expect(result.tokensPerSecond).toBeGreaterThan(0);
    expect(evals.length).toBe(2);
    expect(result.lastValLoss).toBe(evals[1]);
    expect(evals[1]).toBeLessThan(1.5); // from ln(21) ≈ 3.0 at the start
    expect(fs.existsSync(path.join(root, 'metrics.jsonl'))).toBe(true);

    const best = await loadGPT(path.join(root, 'best'));
    const latest = await loadGPT(path.join(root, 'checkpoint'));
    const probe = [[7, 8, 9, 10]];
    expect(maxAbsDiff(latest.logits(probe).dataSync(), gpt.logits(probe).dataSync())).toBe(0);
    expect(best.config).toEqual(gpt.config);
    [gpt, best, latest].forEach((g) => g.dispose());
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
