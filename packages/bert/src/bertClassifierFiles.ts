import * as fs from 'fs';
import * as path from 'path';
import { loadTokenizer, type Tokenizer } from '@tfzoo/tokenizers';
import { readTensorFile, replaceDirectory, writeTensorFile, type NamedTensorData } from '@tfzoo/train';
import { checkBertConfig, type BertClassifierConfig } from './BertClassifierConfig';

/**
 * A saved classifier is one folder, in the same layout as a @tfzoo/train checkpoint
 * (so `loadBertClassifier` reads a run's `best/` folder too):
 *
 *     model-config.json   { format: 'tfzoo-bert-classifier', version: 1, ...BertClassifierConfig }
 *     weights.json/.bin   every weight by name (`encoder_0/self_attention/query_key_value/kernel`, …)
 *     tokenizer.json      the tokenizer (saveTokenizer's format)
 */
export const BERT_CLASSIFIER_FILES = { config: 'model-config.json', weights: 'weights', tokenizer: 'tokenizer.json' } as const;

/** The `format` tag of a classifier's `model-config.json`. */
export const BERT_CLASSIFIER_FORMAT = 'tfzoo-bert-classifier';
/** The `format` tag of an MLM pre-training checkpoint's `model-config.json`. */
export const BERT_MLM_FORMAT = 'tfzoo-bert-mlm';
const VERSION = 1;

/** What `model-config.json` holds: the config, tagged so another model's folder is recognised as such. */
export type BertConfigRecord = { format: typeof BERT_CLASSIFIER_FORMAT; version: typeof VERSION } & BertClassifierConfig;

/** The config as stored in files and checkpoints. */
export function bertConfigRecord(config: BertClassifierConfig): BertConfigRecord {
  return { format: BERT_CLASSIFIER_FORMAT, version: VERSION, ...config };
}

/** Everything a classifier folder holds. */
export interface BertClassifierFiles {
  config: BertClassifierConfig;
  tokenizer: Tokenizer;
  weights: NamedTensorData[];
}

/** Writes the folder atomically: a crash leaves the previous copy (or nothing), never half of one. */
export async function writeBertClassifierFiles(dir: string, files: { config: BertClassifierConfig; tokenizer: Tokenizer; weights: NamedTensorData[] }): Promise<void> {
  await fs.promises.mkdir(path.dirname(path.resolve(dir)), { recursive: true });
  await replaceDirectory(dir, async (staging) => {
    await fs.promises.writeFile(path.join(staging, BERT_CLASSIFIER_FILES.config), JSON.stringify(bertConfigRecord(files.config), null, 1) + '\n');
    await fs.promises.writeFile(path.join(staging, BERT_CLASSIFIER_FILES.tokenizer), JSON.stringify(files.tokenizer.toJSON()) + '\n');
    await writeTensorFile(staging, BERT_CLASSIFIER_FILES.weights, files.weights);
  });
}

/** Reads and checks a classifier folder; errors name the folder and what is missing or wrong. */
export async function readBertClassifierFiles(dir: string): Promise<BertClassifierFiles> {
  if (!fs.existsSync(dir)) throw new Error(`no BERT classifier at '${dir}': the folder does not exist`);
  if (!fs.statSync(dir).isDirectory()) throw new Error(`no BERT classifier at '${dir}': expected a folder (saved by BertClassifier.save), got a file`);
  const config = readBertConfigRecord(path.join(dir, BERT_CLASSIFIER_FILES.config));
  const tokenizerFile = path.join(dir, BERT_CLASSIFIER_FILES.tokenizer);
  if (!fs.existsSync(tokenizerFile)) throw new Error(`'${dir}' holds no ${BERT_CLASSIFIER_FILES.tokenizer}: a classifier folder needs the tokenizer it was trained with`);
  const tokenizer = await loadTokenizer(tokenizerFile, { expectedVocabSize: config.vocabSize, expectedBy: `the classifier in '${dir}'` });
  const weights = await readTensorFile(dir, BERT_CLASSIFIER_FILES.weights);
  return { config, tokenizer, weights };
}

/** Reads `model-config.json`, checking that it describes a BERT classifier. */
export function readBertConfigRecord(file: string): BertClassifierConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no BERT classifier at '${path.dirname(file)}': expected ${path.basename(file)} (written by BertClassifier.save or the trainer)`);
  }
  let record: Partial<BertConfigRecord>;
  try {
    record = JSON.parse(text);
  } catch (e) {
    throw new Error(`'${file}' is not valid JSON: ${(e as Error).message}`);
  }
  if ((record as { format?: unknown })?.format === BERT_MLM_FORMAT) {
    throw new Error(`'${file}' is a masked-language-model pre-training checkpoint, not a classifier: start a classifier from it with loadEncoderWeights(classifier, '${path.dirname(file)}')`);
  }
  if (record === null || typeof record !== 'object' || record.format !== BERT_CLASSIFIER_FORMAT) {
    throw new Error(`'${file}' does not describe a BERT classifier: expected format '${BERT_CLASSIFIER_FORMAT}', got ${JSON.stringify(record?.format)}`);
  }
  if (record.version !== VERSION) throw new Error(`'${file}': expected version ${VERSION}, got ${JSON.stringify(record.version)}`);
  const { format: _format, version: _version, ...config } = record;
  try {
    return checkBertConfig(config as BertClassifierConfig);
  } catch (e) {
    throw new Error(`'${file}': ${(e as Error).message}`);
  }
}
