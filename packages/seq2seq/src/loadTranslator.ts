import * as fs from 'fs';
import * as path from 'path';
import { loadTokenizer, Tokenizer, tokenizerFromJSON } from '@tfzoo/tokenizers';
import { loadCheckpoint } from '@tfzoo/train';
import { describeFolder } from './describeFolder';
import { loadSeq2SeqTransformer, resolveModelFolder, RUN_MODEL_FOLDER } from './loadSeq2SeqTransformer';
import { SEQ2SEQ_FILES } from './seq2seqFolder';
import { Translator } from './Translator';
import { TRANSLATOR_FILES, TRANSLATOR_FORMAT, TRANSLATOR_FORMAT_VERSION, TRANSLATOR_TOKENIZERS_KIND, TranslatorIndex, TranslatorTokenizersJSON } from './translatorFolder';

/**
 * Loads a Translator (model and tokenizers). `dir` may be a folder written by
 * `translator.save(dir)`, a training run folder (its `model/`, else `best/`, else
 * `checkpoint/`), or a training checkpoint trained with
 * `Trainer.fit({ tokenizer: translator.tokenizersJSON() })`.
 *
 * Refuses, with an error saying what the folder holds: folders of another model type (a
 * GPT, an RNN, …), a bare Seq2SeqTransformer saved without tokenizers, and tokenizers whose
 * vocabulary sizes do not match the model.
 */
export async function loadTranslator(dir: string): Promise<Translator> {
  if (!fs.existsSync(dir)) throw new Error(`no translator at '${dir}': the folder does not exist`);
  if (fs.existsSync(path.join(dir, TRANSLATOR_FILES.index))) return loadSavedTranslator(dir);
  const runModel = path.join(dir, RUN_MODEL_FOLDER);
  if (fs.existsSync(path.join(runModel, TRANSLATOR_FILES.index))) return loadSavedTranslator(runModel);
  if (fs.existsSync(path.join(dir, SEQ2SEQ_FILES.index))) {
    throw new Error(`'${dir}' holds a Seq2SeqTransformer without tokenizers (saved by model.save, no ${TRANSLATOR_FILES.index}): load it with loadSeq2SeqTransformer, or save a Translator`);
  }
  let where: ReturnType<typeof resolveModelFolder>;
  try {
    where = resolveModelFolder(dir);
  } catch {
    throw new Error(`${describeFolder(dir)}, not a translator: expected ${TRANSLATOR_FILES.index} (a folder saved by translator.save), a run folder with ${RUN_MODEL_FOLDER}/${TRANSLATOR_FILES.index}, or a training checkpoint of a translator`);
  }
  if (where.kind === 'saved') {
    throw new Error(`'${where.dir}' holds a Seq2SeqTransformer without tokenizers (no ${TRANSLATOR_FILES.index}): load it with loadSeq2SeqTransformer, or save a Translator`);
  }
  return loadCheckpointTranslator(where.dir);
}

async function loadSavedTranslator(dir: string): Promise<Translator> {
  const file = path.join(dir, TRANSLATOR_FILES.index);
  let index: Partial<TranslatorIndex> | null;
  try {
    index = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (index === null || typeof index !== 'object' || index.format !== TRANSLATOR_FORMAT) {
    throw new Error(`${file} is not a tfzoo translator index: expected "format": "${TRANSLATOR_FORMAT}", got ${JSON.stringify(index?.format)}`);
  }
  if (index.version !== TRANSLATOR_FORMAT_VERSION) throw new Error(`${file} has format version ${JSON.stringify(index.version)}; this @tfzoo/seq2seq reads version ${TRANSLATOR_FORMAT_VERSION}`);
  const files = index.tokenizers as Record<string, unknown> | undefined;
  const fileName = (key: string): string => {
    const name = files?.[key];
    if (typeof name !== 'string' || name.length === 0 || path.isAbsolute(name) || name.includes('..')) {
      throw new Error(`${file}: expected tokenizers.${key} to be a file name in the folder, got ${JSON.stringify(name)}`);
    }
    return path.join(dir, name);
  };
  const model = await loadSeq2SeqTransformer(dir);
  try {
    const config = model.config();
    const sizes = { source: config.sourceVocabSize, target: config.targetVocabSize };
    let source: Tokenizer;
    let target: Tokenizer;
    if (files !== undefined && 'shared' in files) {
      if (sizes.source !== sizes.target) throw new Error(`${file} names one shared tokenizer, but the model has sourceVocabSize ${sizes.source} and targetVocabSize ${sizes.target}`);
      source = target = await loadTokenizer(fileName('shared'), { expectedVocabSize: sizes.source, expectedBy: `the model in '${dir}'` });
    } else {
      source = await loadTokenizer(fileName('source'), { expectedVocabSize: sizes.source, expectedBy: `the model in '${dir}' (sourceVocabSize)` });
      target = await loadTokenizer(fileName('target'), { expectedVocabSize: sizes.target, expectedBy: `the model in '${dir}' (targetVocabSize)` });
    }
    return new Translator(model, source, target);
  } catch (e) {
    model.dispose();
    throw e;
  }
}

async function loadCheckpointTranslator(dir: string): Promise<Translator> {
  const checkpoint = await loadCheckpoint(dir);
  const record = checkpoint.tokenizer as Partial<TranslatorTokenizersJSON> | null;
  if (record === null || record.kind !== TRANSLATOR_TOKENIZERS_KIND || record.source == null) {
    throw new Error(
      `the checkpoint '${dir}' holds ${record === null ? 'no tokenizer' : 'a single tokenizer, not a translator\'s'}; ` +
        'train with Trainer.fit({ tokenizer: translator.tokenizersJSON() }) so checkpoints load as translators, or load the model with loadSeq2SeqTransformer',
    );
  }
  const source = tokenizerFromJSON(record.source);
  const target = record.target == null ? source : tokenizerFromJSON(record.target);
  const model = await loadSeq2SeqTransformer(dir);
  try {
    return new Translator(model, source, target);
  } catch (e) {
    model.dispose();
    throw e;
  }
}
