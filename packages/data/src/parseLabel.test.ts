import { parseLabel } from './parseLabel';

describe('parseLabel', () => {
  test('numbers: JSON numbers, numeric strings (trimmed) and booleans', () => {
    expect([1, '0', ' -2.5 ', '1e3', '.5', true, false].map((v) => parseLabel(v).label)).toEqual([1, 0, -2.5, 1000, 0.5, 1, 0]);
  });

  test('non-numbers without class names are errors that say how to declare names', () => {
    for (const v of ['pos', '', '1,5', 'NaN', 'Infinity', null, [1]]) {
      expect(parseLabel(v).error).toMatch(/^expected a numeric label, got .* \(declare class names with the labels option/);
    }
  });

  test('class names map to their index, also for numeric-looking names', () => {
    expect(parseLabel('pos', ['neg', 'pos'])).toEqual({ label: 1 });
    expect(parseLabel(' neg ', ['neg', 'pos'])).toEqual({ label: 0 });
    expect(parseLabel(4, ['4', '5'])).toEqual({ label: 0 });
    expect(parseLabel('neutral', ['neg', 'pos']).error).toBe('expected a label in ["neg", "pos"], got "neutral"');
  });
});
