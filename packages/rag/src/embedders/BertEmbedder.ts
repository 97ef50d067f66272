import * as fs from 'fs';
import * as path from 'path';
import { BERT_CLASSIFIER_FILES, loadBertClassifier, type BertClassifier } from '@tfzoo/bert';
import type { Embedder, EmbedderInfo } from '../types';
import { bertEncoderFingerprint } from './bertEncoderFingerprint';
import { EMBEDDER_FILE, readEmbedderRecord, writeEmbedderRecord } from './embedderFile';

/** Options of {@link BertEmbedder}. */
export interface BertEmbedderOptions {
  /** Texts per forward pass in `embed`. Default 64. */
  batchSize?: number;
}

/**
 * A BERT encoder as an {@link Embedder}: `embed` is the classifier's `embed()`, the mean of
 * the encoder's last hidden states over the real tokens (`<cls>` and `<sep>` included),
 * scaled to unit length, so a dot product is the cosine similarity. Texts longer than
 * `config.maxLength` tokens are cut (chunk long documents before embedding them).
 * Inference runs with dropout off and batches texts of similar length; padding never
 * changes a vector.
 *
 * `info.fingerprint` hashes the architecture, tokenizer and encoder weights (see
 * `bertEncoderFingerprint`), so a vector store built with one encoder refuses queries
 * from another, including the same encoder after more training. It is computed when the
 * embedder is made; call `refreshInfo()` after changing the weights in place
 * (`trainContrastiveEncoder` does).
 *
 * The embedder owns the classifier: `dispose()` frees it.
 *
 * @example
 * const { embedder } = await trainContrastiveEncoder(passageTexts, { epochs: 5 });
 * const vectors = await embedder.embed(['Who designed the steam engine?']);
 * await embedder.save('models/rag-encoder');
 * const again = await BertEmbedder.load('models/rag-encoder');
 */
export class BertEmbedder implements Embedder {
  /** The `EmbedderInfo.kind` of every BERT encoder embedder. */
  static readonly kind = 'bert-encoder';
  private currentInfo: EmbedderInfo;
  private readonly batchSize: number;

  constructor(
    /** The encoder (a `BertClassifier`, whose classification head is unused). */
    readonly classifier: BertClassifier,
    options: BertEmbedderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 64;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error(`BertEmbedder: expected batchSize to be an integer >= 1, got ${this.batchSize}`);
    this.currentInfo = this.computeInfo();
  }

  /** Kind `bert-encoder`, dimension = hiddenSize, and the fingerprint of the weights when last computed. */
  get info(): EmbedderInfo {
    return this.currentInfo;
  }

  /** Recomputes `info` (the fingerprint) after the weights were changed in place. */
  refreshInfo(): EmbedderInfo {
    this.currentInfo = this.computeInfo();
    return this.currentInfo;
  }

  /** One unit-length vector of `hiddenSize` per text. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return this.classifier.embed(texts, { batchSize: this.batchSize });
  }

  /**
   * Saves the folder `dir`: the classifier files (`loadBertClassifier(dir)` reads them)
   * and `embedder.json` with the info and `metadata` (e.g. how it was trained).
   */
  async save(dir: string, metadata?: Record<string, unknown>): Promise<void> {
    await this.classifier.save(dir);
    await writeEmbedderRecord(dir, { info: this.currentInfo, settings: { batchSize: this.batchSize }, ...(metadata ? { metadata } : {}) });
  }

  /**
   * Loads a folder saved by `save`, or any BERT classifier folder (a fine-tuned
   * classifier's encoder embeds too). When `embedder.json` is there, the loaded weights
   * must hash to its fingerprint: a folder whose weights were replaced is refused.
   */
  static async load(dir: string, options: BertEmbedderOptions = {}): Promise<BertEmbedder> {
    const record = readEmbedderRecord(dir);
    if (record !== null && record.info.kind !== BertEmbedder.kind) throw new Error(`'${dir}' holds a '${record.info.kind}' embedder, not a '${BertEmbedder.kind}' one`);
    if (!fs.existsSync(path.join(dir, BERT_CLASSIFIER_FILES.config)) && record !== null) {
      throw new Error(`'${dir}' has ${EMBEDDER_FILE} but no ${BERT_CLASSIFIER_FILES.config}: the encoder's weights are missing`);
    }
    const classifier = await loadBertClassifier(dir);
    const savedBatchSize = record?.settings.batchSize;
    const embedder = new BertEmbedder(classifier, { batchSize: options.batchSize ?? (typeof savedBatchSize === 'number' ? savedBatchSize : undefined) });
    if (record !== null && record.info.fingerprint !== embedder.info.fingerprint) {
      embedder.dispose();
      throw new Error(
        `'${dir}': the encoder's weights hash to ${embedder.info.fingerprint}, but ${EMBEDDER_FILE} recorded ${record.info.fingerprint}; the classifier files were replaced after the embedder was saved`,
      );
    }
    return embedder;
  }

  /** Frees the classifier's weights. */
  dispose(): void {
    this.classifier.dispose();
  }

  private computeInfo(): EmbedderInfo {
    return { kind: BertEmbedder.kind, dimension: this.classifier.config.hiddenSize, fingerprint: bertEncoderFingerprint(this.classifier) };
  }
}
