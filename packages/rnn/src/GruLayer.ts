import * as tf from '@tensorflow/tfjs';
import { gruCell } from './gruCell';
import { initializerFromSpec } from './initializerFromSpec';
import type { RecurrentCell } from './RecurrentCell';
import { RecurrentLayer, RecurrentLayerArgs } from './RecurrentLayer';

/** Constructor arguments of {@link GruLayer}: those of every recurrent layer. */
export type GruLayerArgs = RecurrentLayerArgs;

/**
 * A gated recurrent unit layer (Cho et al. 2014), in the "reset after" form of Keras 2+
 * and cuDNN, where the reset gate multiplies the already projected state:
 *
 *     r, z = σ(x·W_r,z + h·U_r,z + b_r,z)
 *     n = tanh(x·W_n + b_n + r ⊙ (h·U_n + b'_n))           h' = z ⊙ h + (1 − z) ⊙ n
 *
 * so h·U is one product per step. State `[h]`. Weights as every recurrent layer, plus
 * `recurrent_bias` (3·units). See {@link RecurrentLayer} for inputs, masking and outputs.
 *
 * @example
 * const gru = new GruLayer({ name: 'gru_0', units: 128 });
 * const h = gru.apply(embedded) as tf.Tensor;           // (B, T, 128)
 */
export class GruLayer extends RecurrentLayer {
  static readonly className = 'GruLayer';

  private recurrentBias: tf.LayerVariable | null = null;

  protected get cell(): RecurrentCell {
    return gruCell;
  }

  protected override recurrentBiasWeight(): tf.LayerVariable | null {
    return this.recurrentBias;
  }

  protected override buildCell(): void {
    this.recurrentBias = this.addWeight('recurrent_bias', [3 * this.units], 'float32', initializerFromSpec(this.biasInitializer));
  }
}

tf.serialization.registerClass(GruLayer);
