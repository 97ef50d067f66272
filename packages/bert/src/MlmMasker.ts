import { Random } from '@tfzoo/data';
import { NUM_SPECIAL_TOKENS, SPECIAL_TOKENS } from '@tfzoo/tokenizers';

/** Constructor arguments of {@link MlmMasker}. */
export interface MlmMaskerOptions {
  /** Ids the model accepts, [0, vocabSize); random replacements are drawn from the ordinary ids [7, vocabSize). */
  vocabSize: number;
  /** Share of eligible tokens chosen for prediction. Default 0.15 (BERT). */
  selectionRate?: number;
  /** Of the chosen tokens, the share replaced by `<mask>`. Default 0.8. */
  maskRate?: number;
  /** Of the chosen tokens, the share replaced by a random ordinary token. Default 0.1 (the rest, 0.1, stay unchanged). */
  randomRate?: number;
}

/** A masked batch: model inputs and what the MLM loss compares with. All row-major. */
export interface MaskedBatch {
  /** (B, T) the ids with chosen tokens replaced; PAD and special tokens untouched. */
  inputIds: Int32Array;
  /** (B, P) positions in [0, T) whose original token is predicted; unused slots hold 0. */
  positions: Int32Array;
  /** (B, P) the original ids at `positions`. */
  targets: Int32Array;
  /** (B, P) 1 for a real prediction, 0 for an unused slot (no loss). */
  weights: Float32Array;
  /** [B, T] */
  shape: [number, number];
  /** P: the most predictions of any row (at least 1). */
  predictions: number;
  /** (N,) the chosen tokens as flat indices `b·T + t`, ascending: the same predictions without padding slots. */
  flatPositions: Int32Array;
  /** (N,) the original ids at `flatPositions`. */
  flatTargets: Int32Array;
}

/**
 * BERT's masked-language-model corruption (Devlin et al. 2019, §3.1): each ordinary token
 * (id ≥ 7, so never PAD, UNK, CLS, SEP, MASK, BOS or EOS) is chosen with probability
 * `selectionRate`; a chosen token becomes `<mask>` with probability `maskRate`, a uniformly
 * random ordinary token with probability `randomRate`, and stays as it is otherwise. The
 * loss is taken only at chosen positions. Choosing each token independently (rather than
 * exactly 15 % of each row) keeps short rows from always losing a token.
 *
 * @example
 * const masker = new MlmMasker({ vocabSize: tokenizer.vocabSize });
 * const batch = masker.mask(ids, [B, T], new Random(0));
 */
export class MlmMasker {
  readonly vocabSize: number;
  readonly selectionRate: number;
  readonly maskRate: number;
  readonly randomRate: number;

  constructor(options: MlmMaskerOptions) {
    const { vocabSize } = options;
    if (!Number.isInteger(vocabSize) || vocabSize <= NUM_SPECIAL_TOKENS) {
      throw new Error(`MlmMasker: expected vocabSize > ${NUM_SPECIAL_TOKENS} (the special ids and at least one ordinary token), got ${vocabSize}`);
    }
    this.vocabSize = vocabSize;
    this.selectionRate = probability('selectionRate', options.selectionRate ?? 0.15);
    this.maskRate = probability('maskRate', options.maskRate ?? 0.8);
    this.randomRate = probability('randomRate', options.randomRate ?? 0.1);
    if (this.maskRate + this.randomRate > 1) {
      throw new Error(`MlmMasker: maskRate + randomRate must be at most 1, got ${this.maskRate} + ${this.randomRate}`);
    }
  }

  /** Corrupts a (B, T) batch of ids (not modified) with draws from `random`. */
  mask(ids: Int32Array, shape: readonly [number, number], random: Random): MaskedBatch {
    const [B, T] = shape;
    if (ids.length !== B * T) throw new Error(`MlmMasker.mask: expected ${B}·${T} = ${B * T} ids for shape [${B}, ${T}], got ${ids.length}`);
    const inputIds = Int32Array.from(ids);
    const chosen: number[][] = [];
    const ordinary = this.vocabSize - NUM_SPECIAL_TOKENS;
    for (let b = 0; b < B; b++) {
      const row: number[] = [];
      for (let t = 0; t < T; t++) {
        const at = b * T + t;
        const id = ids[at];
        if (id >= this.vocabSize || id < 0) throw new Error(`MlmMasker.mask: expected token ids in [0, ${this.vocabSize}), got ${id} at position [${b}, ${t}]`);
        if (id < NUM_SPECIAL_TOKENS) continue;
        if (random.nextFloat() >= this.selectionRate) continue;
        row.push(t);
        const u = random.nextFloat();
        if (u < this.maskRate) inputIds[at] = SPECIAL_TOKENS.MASK;
        else if (u < this.maskRate + this.randomRate) inputIds[at] = NUM_SPECIAL_TOKENS + random.nextInt(ordinary);
      }
      chosen.push(row);
    }
    const P = Math.max(1, ...chosen.map((r) => r.length));
    const positions = new Int32Array(B * P);
    const targets = new Int32Array(B * P);
    const weights = new Float32Array(B * P);
    for (let b = 0; b < B; b++) {
      chosen[b].forEach((t, k) => {
        positions[b * P + k] = t;
        targets[b * P + k] = ids[b * T + t];
        weights[b * P + k] = 1;
      });
    }
    const flatPositions = Int32Array.from(chosen.flatMap((row, b) => row.map((t) => b * T + t)));
    const flatTargets = flatPositions.map((at) => ids[at]);
    return { inputIds, positions, targets, weights, shape: [B, T], predictions: P, flatPositions, flatTargets };
  }
}

function probability(name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error(`MlmMasker: expected ${name} in [0, 1], got ${value}`);
  return value;
}
