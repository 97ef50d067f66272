import * as tf from '@tensorflow/tfjs';
import { swapLastTwo } from './expectClose';
import { seededValues } from './seededValues';

/** One product to check: operand shapes after the transposes, and seeded operand values. */
export interface MatMulCase {
  /** The untransposed pair's name, then the transposes. */
  label: string;
  aShape: number[];
  bShape: number[];
  transposeA: boolean;
  transposeB: boolean;
  a: Float32Array;
  b: Float32Array;
  /** Filled in by the test: the cpu backend's result. */
  expected?: Float32Array;
  expectedShape?: number[];
}

/**
 * Every (name, a shape, b shape) pair of untransposed operands in each of the four transpose
 * combinations (none, a, b, both), with values seeded 1, 2, 3, … in that order.
 */
export function matMulCases(pairs: ReadonlyArray<readonly [string, number[], number[]]>): MatMulCase[] {
  const cases: MatMulCase[] = [];
  let seed = 1;
  for (const [name, aShape0, bShape0] of pairs) {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const aShape = transposeA ? swapLastTwo(aShape0) : aShape0;
      const bShape = transposeB ? swapLastTwo(bShape0) : bShape0;
      cases.push({
        label: `${name}, transposeA=${transposeA}, transposeB=${transposeB}`,
        aShape,
        bShape,
        transposeA,
        transposeB,
        a: seededValues(tf.util.sizeFromShape(aShape), seed++),
        b: seededValues(tf.util.sizeFromShape(bShape), seed++),
      });
    }
  }
  return cases;
}
