import { SPECIAL_TOKENS } from '@tfzoo/tokenizers';

/**
 * The tokens of each row of a packed (rows, T) id matrix, without <cls>, <sep> and padding;
 * asserts the packing: <cls> first, nothing but <pad> after <sep>.
 */
export function unpackRows(ids: { data: Int32Array; shape: [number, number] }): number[][] {
  const [R, T] = ids.shape;
  return Array.from({ length: R }, (_, r) => {
    const row = Array.from(ids.data.subarray(r * T, (r + 1) * T));
    expect(row[0]).toBe(SPECIAL_TOKENS.CLS);
    const end = row.indexOf(SPECIAL_TOKENS.SEP);
    expect(row.slice(end + 1).every((t) => t === SPECIAL_TOKENS.PAD)).toBe(true);
    return row.slice(1, end);
  });
}
