import type { InitializerSpec } from '@tfzoo/layers';
import { GruLayer } from './GruLayer';
import { LstmLayer } from './LstmLayer';
import type { RecurrentLayer, RecurrentLayerArgs } from './RecurrentLayer';

/** The recurrent cells tfzoo's RNN models are built from. */
export type RnnCellType = 'lstm' | 'gru';

/** Every `RnnCellType`, for argument checks and command-line choices. */
export const RNN_CELL_TYPES: readonly RnnCellType[] = ['lstm', 'gru'];

/** A new LSTM or GRU layer. */
export function createRecurrentLayer(cell: RnnCellType, args: RecurrentLayerArgs): RecurrentLayer {
  switch (cell) {
    case 'lstm':
      return new LstmLayer(args);
    case 'gru':
      return new GruLayer(args);
    default:
      throw new Error(`unknown RNN cell ${JSON.stringify(cell)}: expected one of ${RNN_CELL_TYPES.map((c) => `'${c}'`).join(', ')}`);
  }
}

/** Weight tensors × columns per unit: 4 gates for the LSTM, 3 for the GRU. */
export function gatesOf(cell: RnnCellType): number {
  return cell === 'lstm' ? 4 : 3;
}

/**
 * An initializer spec with a seed, or the unseeded identifier when `seed` is null:
 * `seeded('glorotUniform', 5)` is `{ className: 'GlorotUniform', config: { seed: 5 } }`.
 */
export function seededInitializer(identifier: string, seed: number | null): InitializerSpec {
  if (seed === null) return identifier;
  return { className: identifier.charAt(0).toUpperCase() + identifier.slice(1), config: { seed } };
}
