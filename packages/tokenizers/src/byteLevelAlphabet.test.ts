import { BYTE_TO_CHAR, CHAR_TO_BYTE, byteLevelToBytes, bytesToByteLevel } from './byteLevelAlphabet';

describe('byte-level alphabet', () => {
  test('256 distinct single characters, printable bytes map to themselves', () => {
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    expect(BYTE_TO_CHAR.every((ch) => ch.length === 1)).toBe(true);
    expect(BYTE_TO_CHAR[0x41]).toBe('A');
    expect(BYTE_TO_CHAR[0xe9]).toBe('é');
  });

  test("matches GPT-2's bytes_to_unicode for the remapped bytes", () => {
    expect(BYTE_TO_CHAR[0x00]).toBe('\u0100'); // Ā
    expect(BYTE_TO_CHAR[0x0a]).toBe('\u010A'); // Ċ (newline)
    expect(BYTE_TO_CHAR[0x20]).toBe('\u0120'); // Ġ (space)
    expect(BYTE_TO_CHAR[0x7f]).toBe('\u0121');
    expect(BYTE_TO_CHAR[0xad]).toBe('\u0143'); // the last of the 68 remapped bytes
  });

  test('round-trips bytes and rejects characters outside the alphabet', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(byteLevelToBytes(bytesToByteLevel(bytes))).toEqual(bytes);
    expect(bytesToByteLevel(Buffer.from(' é', 'utf8'))).toBe('ĠÃ©');
    expect(byteLevelToBytes('a😀')).toBeUndefined();
    expect(CHAR_TO_BYTE.get('Ġ')).toBe(0x20);
  });
});
