import { encodeModule, I32, op, signedLeb128, unsignedLeb128, V128 } from './wasmBinaryWriter';
import { webAssembly } from './webAssemblyApi';

describe('wasmBinaryWriter', () => {
  test('LEB128 encodings match the spec examples', () => {
    expect(unsignedLeb128(0)).toEqual([0]);
    expect(unsignedLeb128(127)).toEqual([0x7f]);
    expect(unsignedLeb128(128)).toEqual([0x80, 0x01]);
    expect(unsignedLeb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(unsignedLeb128(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(signedLeb128(0)).toEqual([0]);
    expect(signedLeb128(63)).toEqual([0x3f]);
    expect(signedLeb128(64)).toEqual([0xc0, 0x00]);
    expect(signedLeb128(-1)).toEqual([0x7f]);
    expect(signedLeb128(-64)).toEqual([0x40]);
    expect(signedLeb128(-65)).toEqual([0xbf, 0x7f]);
    expect(signedLeb128(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(() => unsignedLeb128(-1)).toThrow('expected an integer in [0, 2^32), got -1');
    expect(() => signedLeb128(2 ** 31)).toThrow('expected a 32-bit signed integer, got 2147483648');
  });

  test('an encoded module validates, imports the memory and runs', () => {
    // store(p, x): writes i32 x·3 + 1 at p, through the f32 lanes of a v128 local (exercises locals groups).
    const body = [
      ...op.localGet(0), ...op.localGet(1), ...op.i32Const(3), ...op.i32Mul, ...op.i32Const(1), ...op.i32Add,
      0x36, 2, 0, // i32.store
      ...op.v128Const0, ...op.localSet(3),
    ];
    const binary = encodeModule({ minPages: 1, shared: false }, [
      { exportName: 'store', params: [I32, I32], locals: [I32, V128], body },
    ]);
    expect(webAssembly!.validate(binary)).toBe(true);
    const memory = new webAssembly!.Memory({ initial: 1 });
    const exports = new webAssembly!.Instance(new webAssembly!.Module(binary), { env: { memory } }).exports as {
      store(p: number, x: number): void;
    };
    exports.store(8, -5);
    expect(new Int32Array(memory.buffer)[2]).toBe(-14);
  });

  test('a shared memory import needs a maximum', () => {
    expect(() => encodeModule({ minPages: 1, shared: true }, [])).toThrow('a shared memory import must declare maxPages');
    const binary = encodeModule({ minPages: 1, shared: true, maxPages: 65536 }, []);
    expect(webAssembly!.validate(binary)).toBe(true);
    const memory = new webAssembly!.Memory({ initial: 1, maximum: 10, shared: true });
    expect(() => new webAssembly!.Instance(new webAssembly!.Module(binary), { env: { memory } })).not.toThrow();
  });
});
