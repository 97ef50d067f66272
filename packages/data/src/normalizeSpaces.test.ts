import { normalizeSpaces } from './normalizeSpaces';

describe('normalizeSpaces', () => {
  test('turns no-break spaces into plain ones and collapses runs', () => {
    expect(normalizeSpaces('Cours\u202f!')).toBe('Cours !');
    expect(normalizeSpaces('Il a dit «\u00a0non\u00a0».')).toBe('Il a dit « non ».');
    expect(normalizeSpaces('  a \u00a0\u202f b\t\nc ')).toBe('a b c');
    expect(normalizeSpaces('déjà vu')).toBe('déjà vu');
  });
});
