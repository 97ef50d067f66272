import * as tf from '@tensorflow/tfjs';
import { encodeEach, type RaggedInt32Array } from '@tfzoo/data';
import { assertVocabMatches, type Tokenizer } from '@tfzoo/tokenizers';
import { layersModelVariables, readWeights, type ModelVariable } from '@tfzoo/train';
import { bertInputIds, bertInputLength } from './bertInputs';
import { resolveBertConfig, type BertClassifierConfig, type BertClassifierOptions } from './BertClassifierConfig';
import { writeBertClassifierFiles } from './bertClassifierFiles';
import { buildBertGraph, type BertGraph } from './buildBertGraph';
import { seedInitialWeights } from './seedInitialWeights';

/** Options of the inference methods. */
export interface InferenceOptions {
  /** Texts per forward pass. Default 64. */
  batchSize?: number;
}

/**
 * A BERT-style text classifier: token + position embeddings, a stack of bidirectional
 * encoder blocks (padding masked), the mean of the hidden states over the real tokens,
 * then one dense layer with a sigmoid (two classes) or softmax (more).
 *
 * Texts are tokenized with the classifier's tokenizer and wrapped as
 * `<cls> tokens <sep>`, cut to `config.maxLength`. Inference batches texts of similar
 * length together and pads each batch to its longest row; padding never changes a
 * result. Train it with `fitBertClassifier`, optionally after `pretrainMaskedLM`.
 *
 * @example
 * const tokenizer = WordTokenizer.fromTexts(texts, { lowercase: true, maxVocabSize: 8000 });
 * const clf = BertClassifier.create(tokenizer, { preset: 'bert-tiny', seed: 0 });
 * await fitBertClassifier(clf, { train, validation, epochs: 5 });
 * const [p] = await clf.predict(['a gripping, beautifully shot film']); // P(label 1)
 * await clf.save('models/sentiment');
 */
export class BertClassifier {
  /** The architecture (saved with the weights). */
  readonly config: BertClassifierConfig;
  /** Turns texts into ids; its vocabSize equals `config.vocabSize`. */
  readonly tokenizer: Tokenizer;
  /** ids (B, T) int32 → logits (B, 1) for two classes, (B, C) for more. Weights are named as in `BERT_LAYER_NAMES`. */
  readonly model: tf.LayersModel;
  /** ids (B, T) → encoder output (B, T, d); shares its layers with `model`. */
  readonly encoder: tf.LayersModel;
  /** The symbolic graph `model` and `encoder` are cut from (MLM pre-training adds a head to it). */
  readonly graph: BertGraph;
  private readonly pooler: tf.LayersModel;
  private disposed = false;

  /** A fresh classifier for `tokenizer`: `options` (a preset and overrides) with `vocabSize` from the tokenizer. */
  static create(tokenizer: Tokenizer, options: Omit<BertClassifierOptions, 'vocabSize'> & { vocabSize?: number } = {}): BertClassifier {
    return new BertClassifier(resolveBertConfig({ ...options, vocabSize: options.vocabSize ?? tokenizer.vocabSize }), tokenizer);
  }

  constructor(config: BertClassifierConfig, tokenizer: Tokenizer) {
    assertVocabMatches(tokenizer, config.vocabSize, 'BertClassifierConfig');
    this.config = config;
    this.tokenizer = tokenizer;
    this.graph = buildBertGraph(config);
    this.model = tf.model({ name: 'bert_classifier', inputs: this.graph.ids, outputs: this.graph.logits });
    this.encoder = tf.model({ name: 'bert_encoder', inputs: this.graph.ids, outputs: this.graph.hidden });
    this.pooler = tf.model({ name: 'bert_pooler', inputs: this.graph.ids, outputs: this.graph.pooled });
    if (config.seed !== null) seedInitialWeights(this.model, config.seed);
  }

  /** True for two classes (a sigmoid over one logit). */
  get isBinary(): boolean {
    return this.config.numClasses === 2;
  }

  /** Every weight under its stable name, for the trainer and checkpoints. */
  variables(): ModelVariable[] {
    this.checkNotDisposed();
    return layersModelVariables(this.model);
  }

  /** Token ids of each text, without special tokens (see `inputIds` for the model's rows). */
  tokenize(texts: readonly string[]): RaggedInt32Array {
    checkTexts(texts);
    return encodeEach(this.tokenizer, texts);
  }

  /** The model input for `texts`: (B, L) `<cls> tokens <sep>` rows, right-padded with PAD. */
  inputIds(texts: readonly string[]): { data: Int32Array; shape: [number, number] } {
    const seqs = this.tokenize(texts);
    return bertInputIds(Array.from({ length: seqs.length }, (_, i) => seqs.get(i)), this.config.maxLength);
  }

  /**
   * Logits for a batch of ids (B, T): (B, 1) or (B, C). `training: true` turns dropout on.
   * The caller owns (and disposes) the result.
   */
  logits(ids: tf.Tensor2D, options: { training?: boolean } = {}): tf.Tensor2D {
    this.checkNotDisposed();
    return this.model.apply(ids, { training: options.training ?? false }) as tf.Tensor2D;
  }

  /**
   * Class probabilities, one row per text: [P(0), P(1)] for a binary classifier (from
   * the sigmoid), the softmax over all classes otherwise. Rows sum to 1.
   */
  async predictProbabilities(texts: readonly string[], options: InferenceOptions = {}): Promise<number[][]> {
    const binary = this.isBinary;
    return this.mapBatches(texts, options, this.model, (logits) => (binary ? tf.sigmoid(logits) : tf.softmax(logits)), (row) => {
      return binary ? [1 - row[0], row[0]] : Array.from(row);
    });
  }

  /**
   * P(label 1) per text, for a binary classifier. (A multi-class classifier has no
   * single probability: use `predictProbabilities`.)
   */
  async predict(texts: readonly string[], options: InferenceOptions = {}): Promise<number[]> {
    if (!this.isBinary) {
      throw new Error(`predict gives P(label 1) of a binary classifier; this one has ${this.config.numClasses} classes: use predictProbabilities`);
    }
    return this.mapBatches(texts, options, this.model, (logits) => tf.sigmoid(logits), (row) => row[0]);
  }

  /**
   * A label per text: 1 where P(label 1) ≥ `threshold` (default 0.5) for a binary
   * classifier; the most probable class otherwise (a threshold is then an error).
   */
  async classify(texts: readonly string[], threshold?: number, options: InferenceOptions = {}): Promise<number[]> {
    if (this.isBinary) {
      const t = threshold ?? 0.5;
      if (typeof t !== 'number' || !(t >= 0 && t <= 1)) throw new Error(`expected a threshold in [0, 1], got ${threshold}`);
      return (await this.predict(texts, options)).map((p) => (p >= t ? 1 : 0));
    }
    if (threshold !== undefined) throw new Error(`a threshold applies to binary classifiers only; this one has ${this.config.numClasses} classes and picks the most probable`);
    return (await this.predictProbabilities(texts, options)).map(argMax);
  }

  /**
   * Sentence vectors for retrieval: the encoder's output averaged over the real tokens
   * (the classifier's pooled vector), scaled to unit L2 norm, so a dot product is the
   * cosine similarity. One `hiddenSize` vector per text.
   */
  async embed(texts: readonly string[], options: InferenceOptions = {}): Promise<Float32Array[]> {
    return this.mapBatches(
      texts,
      options,
      this.pooler,
      (pooled) => tf.div(pooled, tf.maximum(tf.norm(pooled, 'euclidean', 1, true), 1e-12)),
      (row) => Float32Array.from(row),
    );
  }

  /** Saves config, weights and tokenizer to the folder `dir` (replaced atomically); `loadBertClassifier(dir)` reads it back. */
  async save(dir: string): Promise<void> {
    await writeBertClassifierFiles(dir, { config: this.config, tokenizer: this.tokenizer, weights: await readWeights(this.variables()) });
  }

  /** Number of weights (parameters). */
  countParams(): number {
    return this.model.countParams();
  }

  /** Frees every weight. The classifier cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    // The three models share their layers; disposing the full one frees them all.
    this.model.dispose();
    this.disposed = true;
  }

  /**
   * Runs `model` over `texts` in batches of similar length, applies `post` to each
   * output inside the same tidy, and maps every row of the result back to its text.
   */
  private async mapBatches<R>(
    texts: readonly string[],
    options: InferenceOptions,
    model: tf.LayersModel,
    post: (out: tf.Tensor2D) => tf.Tensor2D,
    row: (values: Float32Array) => R,
  ): Promise<R[]> {
    this.checkNotDisposed();
    const batchSize = options.batchSize ?? 64;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`expected batchSize to be an integer >= 1, got ${batchSize}`);
    const seqs = this.tokenize(texts);
    const maxLength = this.config.maxLength;
    // Similar lengths per batch: less padding, same results (padding is masked).
    const order = Int32Array.from({ length: seqs.length }, (_, i) => i).sort(
      (a, b) => bertInputLength(seqs.lengthOf(a), maxLength) - bertInputLength(seqs.lengthOf(b), maxLength),
    );
    const out = new Array<R>(seqs.length);
    for (let start = 0; start < order.length; start += batchSize) {
      const indices = order.subarray(start, start + batchSize);
      const ids = bertInputIds(Array.from(indices, (i) => seqs.get(i)), maxLength);
      const result = tf.tidy(() => post(model.apply(tf.tensor2d(ids.data, ids.shape, 'int32'), { training: false }) as tf.Tensor2D));
      const values = (await result.data()) as Float32Array;
      const width = result.shape[1];
      result.dispose();
      indices.forEach((textIndex, k) => {
        out[textIndex] = row(values.subarray(k * width, (k + 1) * width));
      });
    }
    return out;
  }

  private checkNotDisposed(): void {
    if (this.disposed) throw new Error('this BertClassifier has been disposed');
  }
}

function checkTexts(texts: readonly string[]): void {
  if (!Array.isArray(texts)) throw new Error(`expected an array of texts, got ${typeof texts === 'string' ? 'a string (wrap it in [ ])' : typeof texts}`);
  texts.forEach((t, i) => {
    if (typeof t !== 'string') throw new Error(`expected texts to be strings, got ${t === null ? 'null' : typeof t} at index ${i}`);
  });
}

function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
