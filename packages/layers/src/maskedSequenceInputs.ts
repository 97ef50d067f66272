import * as tf from '@tensorflow/tfjs';
import { dimsCompatible, formatShape } from './formatShape';

/** One sequence input, (B, T, D), and the padding mask that followed it, (B, T), if any. */
export interface MaskedSequence<T> {
  sequence: T;
  mask: T | null;
}

type HasShape = { shape: readonly (number | null)[] };

/**
 * Reads the inputs of a sequence layer. The attention layers take a list of sequences,
 * each optionally followed by its padding mask, and tell them apart by rank: a sequence is
 * (batch, length, features) and a mask is (batch, length). So `[x]`, `[x, xMask]`,
 * `[x, context]` and `[x, xMask, context, contextMask]` all read unambiguously, and a
 * functional model can feed masks as ordinary model inputs (kwargs do not survive
 * `model.save()`).
 *
 * Works on tensors, symbolic tensors and bare shapes alike (build and
 * computeOutputShape see shapes), which is why items are read through `shapeOf`.
 */
export function readMaskedSequences<T>(
  inputs: T | T[],
  shapeOf: (x: T) => readonly (number | null)[],
  layer: string,
): MaskedSequence<T>[] {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const out: MaskedSequence<T>[] = [];
  list.forEach((item, i) => {
    const shape = shapeOf(item);
    if (shape.length === 3) {
      out.push({ sequence: item, mask: null });
      return;
    }
    if (shape.length === 2) {
      const last = out[out.length - 1];
      if (last === undefined || last.mask !== null) {
        const where = last === undefined ? 'before any sequence' : 'after another mask';
        throw new Error(
          `${layer}: input ${i} has shape ${formatShape(shape)}, a padding mask ${where}; ` +
            `a mask (batch, length) must directly follow the sequence (batch, length, features) it masks`,
        );
      }
      const seq = shapeOf(last.sequence);
      if (!dimsCompatible(shape[0], seq[0]) || !dimsCompatible(shape[1], seq[1])) {
        throw new Error(
          `${layer}: padding mask (input ${i}) has shape ${formatShape(shape)} but the sequence it masks ` +
            `has shape ${formatShape(seq)}; expected a mask of shape ${formatShape([seq[0], seq[1]])}`,
        );
      }
      last.mask = item;
      return;
    }
    throw new Error(
      `${layer}: input ${i} has shape ${formatShape(shape)} (rank ${shape.length}); expected sequences of ` +
        `shape (batch, length, features), each optionally followed by a padding mask of shape (batch, length)`,
    );
  });
  return out;
}

/** `shapeOf` for tensors and symbolic tensors. */
export function tensorShape(x: HasShape): readonly (number | null)[] {
  return x.shape;
}

/** `shapeOf` for shapes. */
export function shapeItself(s: tf.Shape): readonly (number | null)[] {
  return s;
}

/** The list form of what build() and computeOutputShape() receive: one shape, or a list of them. */
export function shapeList(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
  return Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
}
