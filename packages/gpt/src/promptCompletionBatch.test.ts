import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';
import { fitExample, promptCompletionBatch } from './promptCompletionBatch';

const { EOS, PAD } = SPECIAL_TOKENS;

test('weights are 1 exactly on targets that are completion tokens (and the final EOS)', () => {
  const example = fitExample([10, 11, 12], [20, 21], 16);
  expect(Array.from(example.ids)).toEqual([10, 11, 12, 20, 21, EOS]);
  const batch = promptCompletionBatch([example, fitExample([30], [40], 16, false)]);
  expect(batch.x.shape).toEqual([2, 5]);
  expect(Array.from(batch.x.data)).toEqual([10, 11, 12, 20, 21, 30, PAD, PAD, PAD, PAD]);
  expect(Array.from(batch.y.data)).toEqual([11, 12, 20, 21, EOS, 40, PAD, PAD, PAD, PAD]);
  expect(Array.from(batch.weights!.data)).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
});

test('long examples keep the end of the prompt, then the start of the completion', () => {
  expect(fitExample([1, 2, 3, 4, 5, 6], [7, 8], 5)).toEqual({ ids: Int32Array.from([4, 5, 6, 7, 8, EOS]), promptLength: 3 });
  expect(fitExample([1, 2, 3], [7, 8, 9, 10, 11, 12], 4)).toEqual({ ids: Int32Array.from([3, 7, 8, 9, 10]), promptLength: 1 });
});

test('empty prompts or completions are refused', () => {
  expect(() => fitExample([], [1], 4)).toThrow('expected a non-empty prompt');
  expect(() => fitExample([1], [], 4)).toThrow('expected a non-empty completion');
  expect(() => promptCompletionBatch([])).toThrow('expected at least one example');
});
