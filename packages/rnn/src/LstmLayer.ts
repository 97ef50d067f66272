import * as tf from '@tensorflow/tfjs';
import { lstmCell } from './lstmCell';
import type { RecurrentCell } from './RecurrentCell';
import { RecurrentLayer, RecurrentLayerArgs } from './RecurrentLayer';

/** Constructor arguments of {@link LstmLayer}. */
export interface LstmLayerArgs extends RecurrentLayerArgs {
  /**
   * Add 1 to the forget gate's bias at initialisation, so the cell starts out remembering
   * (Jozefowicz et al. 2015; Keras's default). Default true.
   */
  unitForgetBias?: boolean;
}

/**
 * A long short-term memory layer (Hochreiter & Schmidhuber 1997, with a forget gate):
 *
 *     i, f, o = σ(x·Wᵢ,f,o + h·Uᵢ,f,o + b)      g = tanh(x·W_g + h·U_g + b_g)
 *     c' = f ⊙ c + i ⊙ g                         h' = o ⊙ tanh(c')
 *
 * State `[h, c]`. Gate columns are laid out i, f, o, g (not Keras's i, f, g, o), so one
 * sigmoid covers the first three. See {@link RecurrentLayer} for inputs, masking, outputs
 * and why this is not tf.layers.lstm.
 *
 * @example
 * const lstm = new LstmLayer({ name: 'lstm_0', units: 128 });
 * const h = lstm.apply(embedded) as tf.Tensor;          // (B, T, 128)
 * const [last, hT, cT] = new LstmLayer({ name: 'enc', units: 64, returnSequences: false, returnState: true })
 *   .apply([embedded, mask]) as tf.Tensor[];           // (B, 64) each
 */
export class LstmLayer extends RecurrentLayer {
  static readonly className = 'LstmLayer';

  readonly unitForgetBias: boolean;

  constructor(args: LstmLayerArgs) {
    super(args);
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  protected get cell(): RecurrentCell {
    return lstmCell;
  }

  protected override initialBias(): tf.Tensor1D {
    const bias = super.initialBias();
    if (!this.unitForgetBias) return bias;
    const H = this.units;
    const withForget = tf.tidy(() => tf.add(bias, tf.concat([tf.zeros([H]), tf.ones([H]), tf.zeros([2 * H])])) as tf.Tensor1D); // columns i, f, o, g
    bias.dispose();
    return withForget;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), unitForgetBias: this.unitForgetBias };
  }
}

tf.serialization.registerClass(LstmLayer);
