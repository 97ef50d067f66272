import { removeWhitespace, splitWhitespace, trimEndWhitespace } from './pythonWhitespace';

describe('Python-compatible whitespace', () => {
  it('splits on runs of whitespace and drops empty pieces, like str.split()', () => {
    expect(splitWhitespace('  a  b\tc\n')).toEqual(['a', 'b', 'c']);
    expect(splitWhitespace('')).toEqual([]);
    expect(splitWhitespace(' \t ')).toEqual([]);
  });

  it("uses Python's whitespace set, not JavaScript's", () => {
    // Python: '\x1c', '\x85', '\u3000' are whitespace; '\ufeff' (BOM) is not.
    expect(splitWhitespace('a\x1cb\x85c\u3000d')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitWhitespace('a\ufeffb')).toEqual(['a\ufeffb']);
  });

  it('strips only trailing whitespace, and removes all whitespace', () => {
    expect(trimEndWhitespace('  a b \n\x85')).toBe('  a b');
    expect(removeWhitespace(' a b\u2009c\n')).toBe('abc');
  });
});
