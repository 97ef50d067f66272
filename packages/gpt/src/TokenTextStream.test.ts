import { BpeTokenizer, CharTokenizer } from '@tfzoo/tokenizers';
import { TokenTextStream } from './TokenTextStream';

const chars = CharTokenizer.fromTexts('abcdefghijklmnopqrstuvwxyz .\n');

function streamText(text: string, stop: string[] = []) {
  const stream = new TokenTextStream(chars, stop);
  const pieces: string[] = [];
  let stopped = false;
  for (const id of chars.encode(text)) {
    const delta = stream.push(id);
    pieces.push(delta.text);
    if (delta.stopped) {
      stopped = true;
      break;
    }
  }
  if (!stopped) pieces.push(stream.finish());
  return { pieces, text: stream.text, stopped };
}

test('without stop strings each character is emitted as it comes', () => {
  expect(streamText('abc').pieces).toEqual(['a', 'b', 'c', '']);
});

test('a stop string ends the text before it; its start is held back until it is certain', () => {
  const { pieces, text, stopped } = streamText('hello\n\nworld', ['\n\n']);
  expect(stopped).toBe(true);
  expect(text).toBe('hello');
  expect(pieces.join('')).toBe('hello');
  expect(pieces).toEqual(['h', 'e', 'l', 'l', 'o', '', '']);
});

test('a held-back partial stop string is emitted once it turns out not to be one', () => {
  const { pieces, text, stopped } = streamText('ab.\ncd', ['.\n\n']);
  expect(stopped).toBe(false);
  expect(text).toBe('ab.\ncd');
  expect(pieces).toEqual(['a', 'b', '', '', '.\nc', 'd', '']);
});

test('the earliest of several stop strings wins', () => {
  expect(streamText('one. two\nthree', ['\n', '. ']).text).toBe('one');
  expect(streamText('abcabc', ['bca', 'ca']).text).toBe('a');
});

test('a BPE token that ends mid-character is held back until the character is complete', () => {
  const bpe = BpeTokenizer.train(['plain ascii text'], { vocabSize: 263, minFrequency: 1 });
  const ids = bpe.encode('né'); // 'n', then é as two byte tokens
  expect(ids.length).toBe(3);
  const stream = new TokenTextStream(bpe);
  expect(ids.map((id) => stream.push(id).text)).toEqual(['n', '', 'é']);
});

test('no tokens after a stop', () => {
  const stream = new TokenTextStream(chars, ['b']);
  stream.push(chars.encode('b')[0]);
  expect(() => stream.push(chars.encode('a')[0])).toThrow('the stream has stopped');
});
