import { BpeTokenizer } from './BpeTokenizer';
import { CharTokenizer } from './CharTokenizer';
import { WordTokenizer } from './WordTokenizer';
import { tokenizerFromJSON } from './tokenizerFromJSON';
import { randomTexts } from './test-helpers/randomText';

describe('tokenizerFromJSON', () => {
  const texts = randomTexts(61, 60);
  const tokenizers = [
    CharTokenizer.fromTexts(texts),
    WordTokenizer.fromTexts(texts, { lowercase: true }),
    BpeTokenizer.train(texts, { vocabSize: 300, minFrequency: 1 }),
  ];

  test.each(tokenizers.map((t) => [t.kind, t] as const))('rebuilds a %s tokenizer with equal encodings', (_kind, tok) => {
    const back = tokenizerFromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(back).toBeInstanceOf(tok.constructor);
    expect(back.vocabSize).toBe(tok.vocabSize);
    expect(back.toJSON()).toEqual(tok.toJSON());
    for (const text of randomTexts(62, 100)) expect(back.encode(text)).toEqual(tok.encode(text));
  });

  test('unknown kind: names it and the known ones', () => {
    expect(() => tokenizerFromJSON({ kind: 'sentencepiece', vocabSize: 10 })).toThrow(
      'unknown tokenizer kind "sentencepiece": expected one of char, word, bpe',
    );
    expect(() => tokenizerFromJSON({ vocabSize: 10 })).toThrow('unknown tokenizer kind undefined');
    expect(() => tokenizerFromJSON({ kind: 'toString', vocabSize: 10 })).toThrow('unknown tokenizer kind "toString"');
  });

  test('not an object, or no integer vocabSize', () => {
    expect(() => tokenizerFromJSON(null)).toThrow('expected tokenizer JSON to be an object with a kind, got null');
    expect(() => tokenizerFromJSON([1])).toThrow('got an array');
    expect(() => tokenizerFromJSON('char')).toThrow('got string');
    expect(() => tokenizerFromJSON({ kind: 'char', chars: [] })).toThrow('expected tokenizer JSON to have an integer vocabSize, got undefined');
  });
});
