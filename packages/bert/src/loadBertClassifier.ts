import { assignWeights, loadCheckpoint } from '@tfzoo/train';
import { BertClassifier } from './BertClassifier';
import { readBertClassifierFiles } from './bertClassifierFiles';
import { BERT_LAYER_NAMES } from './buildBertGraph';

/**
 * Loads a classifier saved by `BertClassifier.save(dir)`, or a training run's checkpoint
 * folder (`runs/x/best`): config, tokenizer and weights, each checked (vocabulary sizes,
 * every weight's name and shape) before the model is touched.
 *
 * @example
 * const clf = await loadBertClassifier('models/sentiment');
 * console.log(await clf.classify(['what a waste of two hours']));
 */
export async function loadBertClassifier(dir: string): Promise<BertClassifier> {
  const files = await readBertClassifierFiles(dir);
  const classifier = new BertClassifier(files.config, files.tokenizer);
  try {
    assignWeights(classifier.variables(), files.weights, `'${dir}'`);
  } catch (e) {
    classifier.dispose();
    throw e;
  }
  return classifier;
}

/**
 * Copies the encoder weights (embeddings, encoder blocks, their layer norms) of a
 * checkpoint into `classifier`, leaving its classification layer as it is: how a
 * classifier starts from a masked-language-model pre-training run saved in another
 * process (`pretrainMaskedLM(…, { runDir })`, then this with `runDir/best`). Every
 * encoder weight must be present with the same shape.
 */
export async function loadEncoderWeights(classifier: BertClassifier, checkpointDir: string): Promise<void> {
  const checkpoint = await loadCheckpoint(checkpointDir);
  const encoder = classifier.variables().filter((v) => isEncoderWeight(v.name));
  const names = new Set(encoder.map((v) => v.name));
  assignWeights(encoder, checkpoint.weights.filter((w) => names.has(w.name)), `the encoder weights in '${checkpointDir}'`);
}

/** Whether a weight belongs to the encoder (shared with MLM pre-training), not the classification head. */
export function isEncoderWeight(name: string): boolean {
  return !name.startsWith(`${BERT_LAYER_NAMES.classifier}/`);
}
