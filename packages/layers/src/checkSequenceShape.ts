import * as tf from '@tensorflow/tfjs';
import { formatShape } from './formatShape';
import { layerLabel } from './layerLabel';

/** Checks that a layer got exactly one (B, T, d) input; returns its shape. */
export function checkSequenceShape(layer: tf.layers.Layer, inputShape: tf.Shape | tf.Shape[] | number[]): tf.Shape {
  const shapes = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
  if (shapes.length !== 1 || shapes[0].length !== 3) {
    throw new Error(
      `${layerLabel(layer)}: expected one input of shape (batch, length, features), got ${shapes.map(formatShape).join(' and ')}`,
    );
  }
  return shapes[0];
}
