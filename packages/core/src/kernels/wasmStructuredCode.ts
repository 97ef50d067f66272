import { op } from './wasmBinaryWriter';

/**
 * Instruction sequences for the loops and counters that tfzoo's WebAssembly modules
 * (simdMatMulModule, simdElementwiseModule, simdReductionCode) are written with.
 */

/** `local += <value>` (i32). */
export function addTo(local: number, value: number[]): number[] {
  return [...op.localGet(local), ...value, ...op.i32Add, ...op.localSet(local)];
}

/** `while (!exit) { body }`, where `exit` leaves an i32 condition on the stack. */
export function whileNot(exit: number[], body: number[]): number[] {
  return [...op.block, ...op.loop, ...exit, ...op.brIf(1), ...body, ...op.br(0), ...op.end, ...op.end];
}

/** `if (!skip) { body }` */
export function unless(skip: number[], body: number[]): number[] {
  return [...op.block, ...skip, ...op.brIf(0), ...body, ...op.end];
}
