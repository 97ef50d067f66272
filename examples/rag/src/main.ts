/**
 * Retrieval-augmented question answering with @tfzoo/rag.
 *
 *     npx tsc -b packages/rag && npx tsx examples/rag/src/main.ts          # ask tfzoo's own READMEs (seconds, no training)
 *     npx tsx examples/rag/src/main.ts --question "How do I train a GPT?"
 *     npx tsx examples/rag/src/main.ts --data /work/shared/data/qa         # the SQuAD benchmark (~15 min)
 */
import * as fs from 'fs';
import * as path from 'path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { initBackend, writeFileAtomic } from '@tfzoo/core';
import { DOC_QUESTIONS, runDocsDemo } from './docsDemo';
import { resultsMarkdown, runSquad } from './squadRun';

const REPO_ROOT = path.resolve(__dirname, '../../..');

async function main(): Promise<void> {
  const argv = await yargs(hideBin(process.argv))
    .usage(
      '$0 [options]\n\nWithout --data: indexes the repository\'s README files (BM25 + hashing embedder, no training, no network) ' +
        'and answers questions about tfzoo with citations.\nWith --data: the SQuAD retrieval and answering benchmark.',
    )
    .option('question', { type: 'string', array: true, describe: 'Questions for the documentation demo (default: a few examples)' })
    .option('min-coverage', { type: 'number', default: 0.3, describe: 'Documentation demo: least share of the question (idf-weighted content words) a relevant passage holds' })
    .option('data', { type: 'string', describe: 'QA dataset folder (passages.jsonl, questions.jsonl, distractor_passages.jsonl)' })
    .option('distractors', { type: 'boolean', default: true, describe: 'Add distractor_passages.jsonl to the pool' })
    .option('encoder-steps', { type: 'number', default: 500, describe: 'Contrastive (inverse cloze) training steps of the BERT encoder' })
    .option('encoder-minutes', { type: 'number', default: 10, describe: 'Time budget of that training (it stops at whichever comes first)' })
    .option('simcse-steps', { type: 'number', default: 150, describe: 'Steps of the SimCSE (dropout views) comparison encoder; 0 skips it' })
    .option('encoder-batch', { type: 'number', default: 64, describe: 'Passages per contrastive step (in-batch negatives)' })
    .option('pretrain-steps', { type: 'number', default: 0, describe: 'Generator language-model pre-training steps on the passages' })
    .option('synthetic-steps', { type: 'number', default: 300, describe: 'Generator steps on synthetic (cloze) questions made from the passages, before the real ones' })
    .option('decoding', { type: 'string', default: 'spans', choices: ['spans', 'extractive'], describe: 'Answer decoding: score every span (slower) or greedy extractive' })
    .option('generator-steps', { type: 'number', default: 150, describe: 'Generator fine-tuning steps on the training questions' })
    .option('generator-batch', { type: 'number', default: 16 })
    .option('hold-out-every', { type: 'number', default: 5, describe: 'Every n-th article (by title) is held out for answer evaluation' })
    .option('answer-k', { type: 'number', default: 3, describe: 'Passages the generator answers from' })
    .option('seed', { type: 'number', default: 0 })
    .option('out', { type: 'string', describe: 'Save the trained encoder and generator under this folder (usable with `tfzoo rag --embedder/--generator`)' })
    .option('results', { type: 'string', default: path.join(REPO_ROOT, 'examples/rag/results'), describe: 'Folder for squad.json and squad.md' })
    .option('backend', { type: 'string', describe: 'tfjs backend: tensorflow-gpu | tensorflow | wasm | cpu (default: best available)' })
    .strict()
    .help()
    .parseAsync();

  if (argv.data === undefined) {
    await runDocsDemo(REPO_ROOT, argv.question ?? DOC_QUESTIONS, argv['min-coverage']);
    return;
  }
  const backend = await initBackend(argv.backend, { log: null });
  console.log(`backend: ${JSON.stringify(backend)}`);
  const results = await runSquad({
    data: argv.data,
    distractors: argv.distractors,
    seed: argv.seed,
    encoderSteps: argv['encoder-steps'],
    encoderMinutes: argv['encoder-minutes'],
    simcseSteps: argv['simcse-steps'],
    encoderBatch: argv['encoder-batch'],
    pretrainSteps: argv['pretrain-steps'],
    syntheticSteps: argv['synthetic-steps'],
    decoding: argv.decoding as 'spans' | 'extractive',
    generatorSteps: argv['generator-steps'],
    generatorBatch: argv['generator-batch'],
    holdOutEvery: argv['hold-out-every'],
    answerK: argv['answer-k'],
    out: argv.out,
  });
  const markdown = resultsMarkdown(results);
  console.log('\n' + markdown);
  fs.mkdirSync(argv.results, { recursive: true });
  await writeFileAtomic(path.join(argv.results, 'squad.json'), JSON.stringify({ backend, ...results }, null, 2) + '\n');
  await writeFileAtomic(path.join(argv.results, 'squad.md'), markdown);
  console.log(`wrote ${path.join(argv.results, 'squad.json')} and squad.md`);
}

main().catch((e) => {
  console.error(process.env.TFZOO_DEBUG ? e : `error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
