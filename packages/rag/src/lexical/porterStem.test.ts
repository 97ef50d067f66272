import { porterStem } from './porterStem';

describe('porterStem', () => {
  // Full-pipeline outputs of Porter's reference implementation (tartarus.org voc.txt / output.txt).
  const cases: Array<[string, string]> = [
    ['caresses', 'caress'], ['ponies', 'poni'], ['ties', 'ti'], ['caress', 'caress'], ['cats', 'cat'],
    ['feed', 'feed'], ['agreed', 'agre'], ['plastered', 'plaster'], ['bled', 'bled'], ['motoring', 'motor'],
    ['sing', 'sing'], ['conflated', 'conflat'], ['troubled', 'troubl'], ['sized', 'size'], ['hopping', 'hop'],
    ['tanned', 'tan'], ['falling', 'fall'], ['hissing', 'hiss'], ['fizzed', 'fizz'], ['failing', 'fail'],
    ['filing', 'file'], ['happy', 'happi'], ['sky', 'sky'], ['relational', 'relat'], ['conditional', 'condit'],
    ['rational', 'ration'], ['generalizations', 'gener'], ['oscillators', 'oscil'], ['electrical', 'electr'],
    ['hopeful', 'hope'], ['goodness', 'good'], ['adjustable', 'adjust'], ['replacement', 'replac'],
    ['adoption', 'adopt'], ['effective', 'effect'], ['probate', 'probat'], ['rate', 'rate'], ['cease', 'ceas'],
    ['controlling', 'control'], ['rolling', 'roll'], ['running', 'run'], ['connection', 'connect'],
    ['connected', 'connect'], ['connecting', 'connect'], ['connections', 'connect'], ['defensible', 'defens'],
    ['communism', 'commun'], ['triplicate', 'triplic'], ['formalize', 'formal'], ['digitizer', 'digit'],
    ['abilities', 'abil'], ['university', 'univers'], ['universities', 'univers'],
  ];
  it.each(cases)('%s -> %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('leaves short words, digits and non-ASCII words alone', () => {
    expect(porterStem('is')).toBe('is');
    expect(porterStem('1990s')).toBe('1990s');
    expect(porterStem('cafés')).toBe('cafés');
    expect(porterStem('Running')).toBe('Running'); // callers lowercase first
  });

  it('is idempotent on its own output for common words', () => {
    for (const [word] of cases) {
      const once = porterStem(word);
      // Porter is not idempotent in general (e.g. 'agre'), so only check it never grows.
      expect(porterStem(once).length).toBeLessThanOrEqual(once.length);
    }
  });
});
