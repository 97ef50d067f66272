import type { Argv, CommandModule } from 'yargs';
import { initBackend, writeFileAtomic } from '@tfzoo/core';
import { AnswerGenerator, evaluateRetriever, judgeHits, loadQaDataset, qaRetrievalQueries, scoreAnswers, type AnswerScores, type RetrievalMetrics } from '@tfzoo/rag';
import type { GlobalOptions } from '../globalOptions';
import { answerFromHits, DEFAULT_MIN_COVERAGE } from './ragAsk';
import { RETRIEVER_NAMES, storeRetrievers, type RetrieverName } from './ragRetrieval';
import { openStoreForReading, storeEmbedder, type StoredEmbedder } from './ragStore';

interface RagEvalOptions extends GlobalOptions {
  store: string;
  data: string;
  retrievers: RetrieverName[];
  'answer-retriever': RetrieverName;
  k: number;
  'min-score': number;
  embedder?: string;
  generator?: string;
  limit?: number;
  answers: boolean;
  output?: string;
}

/** What `eval` measures (and writes with `--output`). */
export interface RagEvalReport {
  store: string;
  data: string;
  questions: number;
  passages: number;
  retrieval: Array<{ retriever: string } & Pick<RetrievalMetrics, 'recall' | 'mrr'>>;
  answers: (AnswerScores & { method: 'sentence' | 'generator'; retriever: string; k: number; refused: number }) | null;
}

/** `tfzoo rag eval`: retrieval recall@k and MRR, and answer EM/F1, on a QA dataset folder. */
export const ragEvalCommand: CommandModule<GlobalOptions, RagEvalOptions> = {
  command: 'eval',
  describe: 'Score a store on a QA dataset: retrieval recall@1/5/10 and MRR, answer EM and F1',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .usage(
        '$0 rag eval --store DIR --data QA_DIR [--generator DIR] [--limit N]\n\n' +
          'QA_DIR holds passages.jsonl ({"id","title","text"}) and questions.jsonl ({"id","question",' +
          '"answers":[…],"passage_id"}), e.g. the SQuAD-derived /work/shared/data/qa. Index its passages ' +
          'first (`tfzoo rag index QA_DIR/passages.jsonl [QA_DIR/distractor_passages.jsonl] --store DIR`): ' +
          'retrieval is scored by passage id. Answers are scored by exact match and token F1, the maximum ' +
          'over each question\'s answers (SQuAD); a refusal scores 0.',
      )
      .option('store', { type: 'string', demandOption: true, describe: 'Store folder made by `tfzoo rag index`' })
      .option('data', { type: 'string', demandOption: true, describe: 'QA dataset folder' })
      .option('retrievers', { type: 'string', array: true, choices: RETRIEVER_NAMES, default: [...RETRIEVER_NAMES], describe: 'Retrievers to score' })
      .option('answer-retriever', { choices: RETRIEVER_NAMES, default: 'hybrid' as RetrieverName, describe: 'Retriever whose passages are answered from' })
      .option('k', { type: 'number', default: 3, describe: 'Passages answered from' })
      .option('min-score', { type: 'number', default: DEFAULT_MIN_COVERAGE, describe: 'Least share of the question a relevant passage covers (see `rag ask --help`)' })
      .option('embedder', { type: 'string', describe: 'Encoder folder (default: the store\'s own)' })
      .option('generator', { type: 'string', describe: 'Answer generator folder (default: answer with the best-matching sentence)' })
      .option('answers', { type: 'boolean', default: true, describe: 'Also answer the questions (--no-answers: retrieval only)' })
      .option('limit', { type: 'number', describe: 'Score only the first N questions' })
      .option('output', { type: 'string', describe: 'Write the figures as JSON to this file' }),
  handler: async (argv) => {
    const { passages, questions: all } = loadQaDataset(argv.data);
    const questions = argv.limit === undefined ? all : all.slice(0, argv.limit);
    if (questions.length === 0) throw new Error(`no questions to score in ${argv.data} (limit ${argv.limit})`);
    const store = await openStoreForReading(argv.store);
    const missing = questions.filter((q) => !store.has(q.passageId));
    if (missing.length > 0) {
      throw new Error(
        `${missing.length} of ${questions.length} questions point to passages the store at ${argv.store} does not hold ` +
          `(first: ${JSON.stringify(missing[0].passageId)}); index ${argv.data}/passages.jsonl into it first`,
      );
    }
    const needsTf = argv.embedder !== undefined || argv.generator !== undefined || (store.metadata?.embedder as StoredEmbedder | undefined)?.type === 'folder';
    if (needsTf) await initBackend(argv.backend, { log: null, threads: argv.threads });
    const embedder = await storeEmbedder(store, argv.embedder);
    const generator = argv.generator === undefined ? undefined : await AnswerGenerator.load(argv.generator);
    try {
      const retrievers = storeRetrievers(store, embedder);
      const queries = qaRetrievalQueries(questions);
      const report: RagEvalReport = { store: argv.store, data: argv.data, questions: questions.length, passages: store.size, retrieval: [], answers: null };
      console.log(`${questions.length} questions, ${store.size} passages in the store (${passages.length} in ${argv.data}/passages.jsonl)`);
      console.log('retriever  recall@1  recall@5  recall@10  MRR@10');
      for (const name of argv.retrievers) {
        const result = await evaluateRetriever(retrievers[name], queries, { ks: [1, 5, 10] });
        report.retrieval.push({ retriever: name, recall: result.recall, mrr: result.mrr });
        console.log(`${name.padEnd(9)}  ${fmt(result.recall[1])}     ${fmt(result.recall[5])}     ${fmt(result.recall[10])}      ${fmt(result.mrr)}`);
      }
      if (argv.answers) {
        const retriever = retrievers[argv['answer-retriever']];
        const items: { prediction: string; answers: string[] }[] = [];
        let refused = 0;
        for (const q of questions) {
          const hits = judgeHits(retrievers.bm25, q.question, await retriever.search(q.question, argv.k));
          const result = await answerFromHits(q.question, hits, { minScore: argv['min-score'], generator });
          if (result.answer === null) refused++;
          items.push({ prediction: result.answer ?? '', answers: q.answers });
        }
        const scores = scoreAnswers(items);
        report.answers = { ...scores, method: generator ? 'generator' : 'sentence', retriever: retriever.name, k: argv.k, refused };
        console.log(
          `answers (${report.answers.method}, top ${argv.k} of ${retriever.name}): exact match ${fmt(scores.exactMatch)}, F1 ${fmt(scores.f1)}` +
            ` over ${scores.count} questions (${refused} refused)`,
        );
      }
      if (argv.output !== undefined) {
        await writeFileAtomic(argv.output, JSON.stringify(report, null, 2) + '\n');
        console.log(`wrote ${argv.output}`);
      }
    } finally {
      embedder.dispose?.();
      generator?.dispose();
    }
  },
};

function fmt(x: number): string {
  return x.toFixed(3);
}
