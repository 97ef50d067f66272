import { createHash } from 'crypto';
import { isEncoderWeight, type BertClassifier } from '@tfzoo/bert';

/**
 * The config fields that shape a BERT encoder's vectors. The rest (dropout rates, the
 * number of classes, the seed) change training or the classification head, not `embed()`.
 */
const ENCODER_FIELDS = ['vocabSize', 'maxLength', 'hiddenSize', 'numLayers', 'numHeads', 'intermediateSize', 'activation', 'norm', 'positional'] as const;

/**
 * A short hash of everything `classifier.embed()` depends on: the encoder's architecture,
 * its tokenizer (vocabulary and merges) and the exact bytes of every encoder weight, in
 * name order. Two encoders with the same fingerprint give the same vectors; one more
 * training step changes it. Reads the weights synchronously (a few MB for bert-mini).
 */
export function bertEncoderFingerprint(classifier: BertClassifier): string {
  const hash = createHash('sha256');
  const architecture = Object.fromEntries(ENCODER_FIELDS.map((f) => [f, classifier.config[f]]));
  hash.update(JSON.stringify(architecture));
  hash.update(JSON.stringify(classifier.tokenizer.toJSON()));
  const weights = classifier
    .variables()
    .filter((v) => isEncoderWeight(v.name))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const { name, variable } of weights) {
    hash.update(`${name}:${variable.shape.join('x')}:${variable.dtype};`);
    const values = variable.dataSync() as Float32Array | Int32Array;
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return `bert-${hash.digest('hex').slice(0, 16)}`;
}
