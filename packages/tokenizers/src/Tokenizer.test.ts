import { NUM_SPECIAL_TOKENS, SPECIAL_TOKENS, SPECIAL_TOKEN_TEXT, SPECIAL_TOKEN_TEXT_BY_ID, isSpecialId } from './Tokenizer';

describe('special tokens', () => {
  test('ids are fixed: models rely on PAD = 0 and the rest without asking the tokenizer', () => {
    expect(SPECIAL_TOKENS).toEqual({ PAD: 0, UNK: 1, BOS: 2, EOS: 3, CLS: 4, SEP: 5, MASK: 6 });
    expect(NUM_SPECIAL_TOKENS).toBe(7);
  });

  test('texts by id follow the ids', () => {
    expect(SPECIAL_TOKEN_TEXT_BY_ID).toEqual(['<pad>', '<unk>', '<bos>', '<eos>', '<cls>', '<sep>', '<mask>']);
    for (const [name, id] of Object.entries(SPECIAL_TOKENS)) {
      expect(SPECIAL_TOKEN_TEXT_BY_ID[id]).toBe(SPECIAL_TOKEN_TEXT[name as keyof typeof SPECIAL_TOKENS]);
    }
  });

  test('isSpecialId covers exactly [0, 7)', () => {
    expect([-1, 0, 6, 7, 100].map(isSpecialId)).toEqual([false, true, true, false, false]);
  });
});
