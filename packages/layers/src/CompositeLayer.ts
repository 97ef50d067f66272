import * as tf from '@tensorflow/tfjs';

/** The constructor arguments every tf.layers.Layer accepts (name, trainable, dtype, …). */
export type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * A layer made of other layers (dense projections, layer norms, nested custom layers).
 *
 * tf.layers does not track nested layers: a Layer's weights are only those it created with
 * `addWeight`, so a model would neither train nor save the weights of layers used inside
 * another layer's `call()`. A CompositeLayer fixes both:
 *
 * - `trainableWeights`, `nonTrainableWeights` (and so `weights`, `getWeights`, `setWeights`,
 *   `countParams`, `dispose`) include the weights of every layer registered with
 *   `this.nested(...)`, recursively, so `model.fit`, optimizers, `model.save()` and
 *   `tf.loadLayersModel()` see them; setting `trainable` propagates down.
 * - `buildNested(layer, shape)` builds a sub-layer by calling it once on a small zero input.
 *   Calling (rather than `layer.build(shape)`) runs the build inside tf.layers' name scope,
 *   so weights get stable, unique, readable names such as
 *   `encoder_1/self_attention/query_key_value/kernel`. A direct `build()` would name every
 *   Dense kernel `encoder_1/kernel`, and loading would map weights wrongly or fail on the
 *   duplicates. The names depend only on layer names, which the model config stores, so a
 *   loaded model gets the same names.
 *
 * Sub-layers must have explicit names that are unique within their parent
 * (`self_attention`, `feedforward_layer_norm`, …).
 */
export abstract class CompositeLayer extends tf.layers.Layer {
  private readonly nestedLayers: tf.layers.Layer[] = [];

  /** The registered sub-layers, in registration order. */
  get sublayers(): readonly tf.layers.Layer[] {
    return this.nestedLayers;
  }

  /** Registers a sub-layer whose weights this layer owns; returns it for assignment. */
  protected nested<L extends tf.layers.Layer>(layer: L): L {
    if (this.nestedLayers.some((l) => l.name === layer.name)) {
      throw new Error(`${this.getClassName()} '${this.name}': two sub-layers are named '${layer.name}'`);
    }
    this.nestedLayers.push(layer);
    return layer;
  }

  /**
   * Builds a registered sub-layer for inputs of `inputShape` (unknown dimensions become 1).
   * Call from `build()`, which tf.layers runs inside this layer's name scope.
   */
  protected buildNested(layer: tf.layers.Layer, inputShape: tf.Shape | tf.Shape[], dtype: tf.DataType = 'float32'): void {
    if (layer.built) return;
    if (!this.nestedLayers.includes(layer)) {
      throw new Error(`${this.getClassName()} '${this.name}': sub-layer '${layer.name}' was not registered with nested()`);
    }
    const shapes = Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
    tf.tidy(() => {
      const zeros = shapes.map((s) => tf.zeros(s.map((d) => d ?? 1), dtype));
      layer.apply(zeros.length === 1 ? zeros[0] : zeros);
    });
  }

  override get trainable(): boolean {
    return super.trainable;
  }

  override set trainable(value: boolean) {
    super.trainable = value;
    for (const layer of this.nestedLayers ?? []) layer.trainable = value;
  }

  override get trainableWeights(): tf.LayerVariable[] {
    if (!this.trainable) return [];
    return [...super.trainableWeights, ...this.nestedLayers.flatMap((l) => l.trainableWeights)];
  }

  override set trainableWeights(weights: tf.LayerVariable[]) {
    super.trainableWeights = weights;
  }

  override get nonTrainableWeights(): tf.LayerVariable[] {
    // A frozen composite reports all its sub-layers' weights as non-trainable, as tf.layers
    // does for a frozen layer's own weights.
    const nested = this.nestedLayers.flatMap((l) => (this.trainable ? l.nonTrainableWeights : l.weights));
    return [...super.nonTrainableWeights, ...nested];
  }

  override set nonTrainableWeights(weights: tf.LayerVariable[]) {
    super.nonTrainableWeights = weights;
  }
}
