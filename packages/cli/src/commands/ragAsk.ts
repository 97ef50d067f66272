import type { Argv, CommandModule } from 'yargs';
import { initBackend } from '@tfzoo/core';
import { AnswerGenerator, extractSentence, judgeHits, type Embedder, type JudgedPassage, type Passage, type VectorStore } from '@tfzoo/rag';
import type { GlobalOptions } from '../globalOptions';
import { RETRIEVER_NAMES, storeRetrievers, type RetrieverName } from './ragRetrieval';
import { openStoreForReading, storeEmbedder, type StoredEmbedder } from './ragStore';

/** Question coverage under which a passage is not relevant, by default (see `--min-score`). */
export const DEFAULT_MIN_COVERAGE = 0.3;

interface RagAskOptions extends GlobalOptions {
  question: string[];
  store: string;
  k: number;
  retriever: RetrieverName;
  'min-score': number;
  embedder?: string;
  generator?: string;
  json: boolean;
}

/** One answered (or refused) question, as `ask` prints it and `--json` writes it. */
export interface RagAskResult {
  question: string;
  /** The answer, or null when nothing relevant was found or the generator refused. */
  answer: string | null;
  /** `sentence` (no generator: the passage sentence sharing most words with the question) or `generator`. */
  method: 'sentence' | 'generator';
  /** Why there is no answer. */
  refusal: string | null;
  /** Indices (1-based, into `passages`) of the passages the answer cites. */
  cites: number[];
  passages: Array<{ id: string; source: string; title?: string; text: string; rank: number; score: number; coverage: number; relevant: boolean }>;
}

/** `tfzoo rag ask`: retrieve passages for a question and answer from them, with citations. */
export const ragAskCommand: CommandModule<GlobalOptions, RagAskOptions> = {
  command: 'ask <question..>',
  describe: 'Answer a question from a store, citing the passages with their scores',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .usage(
        '$0 rag ask --store DIR "question" [--k 3] [--retriever hybrid|bm25|dense] [--generator DIR]\n\n' +
          'Retrieves the --k best passages (default: hybrid, the reciprocal rank fusion of BM25 and the ' +
          'store\'s embedder) and answers from those that cover at least --min-score of the question ' +
          `(default ${DEFAULT_MIN_COVERAGE}): the share of its content words (stemmed, stop words dropped, ` +
          'weighted by rarity) the passage contains. When no passage does, it says that nothing relevant ' +
          'was found instead of guessing.\n\n' +
          'Without --generator the answer is the sentence of the relevant passages that shares the most ' +
          'words with the question (no model needed). With --generator, a GPT answer generator saved by ' +
          'fineTuneAnswerGenerator (see examples/rag) writes a short answer copied from a passage.',
      )
      .positional('question', { type: 'string', array: true, demandOption: true, describe: 'The question (quote it, or its words are joined)' })
      .option('store', { type: 'string', demandOption: true, describe: 'Store folder made by `tfzoo rag index`' })
      .option('k', { type: 'number', default: 3, describe: 'Passages to retrieve' })
      .option('retriever', { choices: RETRIEVER_NAMES, default: 'hybrid' as RetrieverName, describe: 'How passages are ranked' })
      .option('min-score', { type: 'number', default: DEFAULT_MIN_COVERAGE, describe: 'Least share of the question (idf-weighted content words) a relevant passage covers' })
      .option('embedder', { type: 'string', describe: 'Encoder folder to embed the question with (default: the store\'s own)' })
      .option('generator', { type: 'string', describe: 'Answer generator folder (a GPT saved by fineTuneAnswerGenerator)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
      .example('$0 rag ask --store runs/docs-index "How do I train a GPT?"', 'answer from the indexed documents'),
  handler: async (argv) => {
    const question = argv.question.join(' ').trim();
    if (question.length === 0) throw new Error('expected a question, got an empty string');
    if (!Number.isInteger(argv.k) || argv.k < 1) throw new Error(`expected --k to be a positive integer, got ${argv.k}`);
    const store = await openStoreForReading(argv.store);
    const needsTf = argv.embedder !== undefined || argv.generator !== undefined || (store.metadata?.embedder as StoredEmbedder | undefined)?.type === 'folder';
    if (needsTf) await initBackend(argv.backend, { log: null, threads: argv.threads });
    const embedder = await storeEmbedder(store, argv.embedder);
    const generator = argv.generator === undefined ? undefined : await AnswerGenerator.load(argv.generator);
    try {
      const result = await askStore(store, embedder, question, { k: argv.k, retriever: argv.retriever, minScore: argv['min-score'], generator });
      if (argv.json) console.log(JSON.stringify(result, null, 2));
      else printAnswer(result, argv['min-score']);
    } finally {
      embedder.dispose?.();
      generator?.dispose();
    }
  },
};

/** Options of {@link askStore}. */
export interface AskStoreOptions {
  k: number;
  retriever: RetrieverName;
  minScore: number;
  generator?: AnswerGenerator;
}

/** Retrieves, judges relevance and answers one question (what `ask` prints, and `eval` scores). */
export async function askStore(store: VectorStore, embedder: Embedder, question: string, options: AskStoreOptions): Promise<RagAskResult> {
  const retrievers = storeRetrievers(store, embedder);
  return answerFromHits(question, judgeHits(retrievers.bm25, question, await retrievers[options.retriever].search(question, options.k)), options);
}

/** Answers from already judged hits: the relevance threshold, then the sentence or the generator. */
export async function answerFromHits(question: string, hits: JudgedPassage[], options: Pick<AskStoreOptions, 'minScore' | 'generator'>): Promise<RagAskResult> {
  const passages = hits.map((h) => ({ ...passageFields(h.passage), rank: h.rank, score: h.score, coverage: h.coverage, relevant: h.coverage >= options.minScore }));
  const relevant = hits.filter((h) => h.coverage >= options.minScore);
  const method = options.generator ? 'generator' : 'sentence';
  const refuse = (refusal: string): RagAskResult => ({ question, answer: null, method, refusal, cites: [], passages });
  if (relevant.length === 0) {
    const best = hits.reduce((m, h) => Math.max(m, h.coverage), -Infinity);
    return refuse(
      hits.length === 0
        ? 'nothing relevant: no passage was retrieved'
        : `nothing relevant: the best passage covers ${best.toFixed(3)} of the question, is under --min-score ${options.minScore}`,
    );
  }
  if (options.generator) {
    // The generator's own threshold is off: relevance was judged above, on one scale.
    const answered = await options.generator.answer(question, relevant, { minScore: -Infinity });
    if (answered.refused) return refuse(`the generator found no supported answer (${answered.reason})`);
    const cites = answered.citations.map((c) => hits.findIndex((h) => h.passage.id === c.passage.id) + 1).filter((i) => i > 0);
    return { question, answer: answered.answer, method, refusal: null, cites, passages };
  }
  const picked = extractSentence(question, relevant);
  if (picked === null) return refuse('nothing relevant: no relevant passage has a sentence sharing a word with the question');
  return { question, answer: picked.sentence, method, refusal: null, cites: [hits.indexOf(picked.hit) + 1], passages };
}

function passageFields(p: Passage): { id: string; source: string; title?: string; text: string } {
  return { id: p.id, source: p.source, ...(p.title !== undefined ? { title: p.title } : {}), text: p.text };
}

function printAnswer(result: RagAskResult, minScore: number): void {
  if (result.answer === null) console.log(`No answer: ${result.refusal}.`);
  else console.log(`${result.answer} ${result.cites.map((i) => `[${i}]`).join('')}`);
  console.log('');
  result.passages.forEach((p, i) => {
    const title = p.title !== undefined ? ` — ${p.title}` : '';
    const flag = p.relevant ? '' : ` (under --min-score ${minScore})`;
    console.log(`[${i + 1}] ${p.id}${title}: score ${formatScore(p.score)}, covers ${p.coverage.toFixed(2)} of the question${flag}`);
    const snippet = p.text.replace(/\s+/g, ' ').trim();
    console.log(`    ${snippet.length > 200 ? snippet.slice(0, 197) + '…' : snippet}`);
  });
}

function formatScore(score: number): string {
  return Math.abs(score) < 0.1 ? score.toFixed(4) : score.toFixed(3);
}
