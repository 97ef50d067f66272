import { trainClassifierTokenizer } from '@tfzoo/bert';
import {
  BM25Retriever,
  createBertEmbedder,
  DenseRetriever,
  evaluateRetriever,
  extractSentence,
  fineTuneAnswerGenerator,
  HashingEmbedder,
  HybridRetriever,
  indexPassages,
  loadQaDataset,
  qaRetrievalQueries,
  scoreAnswers,
  trainContrastiveEncoder,
  VectorStore,
  type AnswerExample,
  type BertEncoderOptions,
  type Embedder,
  type Passage,
  type QaQuestion,
  type Retriever,
} from '@tfzoo/rag';

/** Budgets and sizes of one SQuAD run (every default keeps the run near 15 minutes on 2 shared cores). */
export interface SquadSettings {
  data: string;
  distractors: boolean;
  seed: number;
  /** Inverse-cloze training of the BERT encoder: steps, time budget (minutes) and passages per step. */
  encoderSteps: number;
  encoderMinutes: number;
  encoderBatch: number;
  /** Steps of the SimCSE (dropout views) encoder trained for comparison; 0 skips it. */
  simcseSteps: number;
  /** Answer generator: language-model pre-training steps, fine-tuning steps, examples per step. */
  pretrainSteps: number;
  /** Steps on synthetic cloze questions made from the passages (label-free), before the real questions. */
  syntheticSteps: number;
  generatorSteps: number;
  /** How the generator decodes: `spans` (every span scored) or `extractive` (greedy). */
  decoding: 'spans' | 'extractive';
  generatorBatch: number;
  /** Every n-th article (sorted by title) is held out for answer evaluation. */
  holdOutEvery: number;
  /** Passages the generator answers from. */
  answerK: number;
  /** Folder to save the trained encoder and generator in, if any. */
  out?: string;
}

/** One row of the retrieval table. */
export interface RetrievalRow {
  retriever: string;
  recall1: number;
  recall5: number;
  recall10: number;
  mrr: number;
  seconds: number;
}

/** One row of the answer table. */
export interface AnswerRow {
  method: string;
  exactMatch: number;
  f1: number;
  questions: number;
  refused: number;
}

/** Everything a run measured. */
export interface SquadResults {
  settings: SquadSettings;
  passages: number;
  questions: number;
  heldOutArticles: string[];
  heldOutQuestions: number;
  retrieval: RetrievalRow[];
  answers: AnswerRow[];
  training: Record<string, unknown>;
  seconds: number;
}

const log = (msg: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** Weight of a dense ranking (hashing or encoder) against BM25's 1 in the weighted hybrids, as in `tfzoo rag`. */
export const HYBRID_DENSE_WEIGHT = 0.3;
/** Reciprocal-rank-fusion constant of the default hybrid. */
export const HYBRID_RRF_K = 10;

/** The encoder's size: one block of width 64 trained ~500 steps beat bert-mini's 2 × 128 in the same 10 minutes (examples/rag/README.md). */
const ENCODER_MODEL: BertEncoderOptions['model'] = { hiddenSize: 64, intermediateSize: 256, numLayers: 1, maxLength: 128 };
/** Peak learning rate of the contrastive training (from scratch, batch 64). */
const ENCODER_LEARNING_RATE = 5e-3;

/**
 * The SQuAD benchmark: index passages (plus distractors), score BM25, the hashing
 * embedder, an untrained BERT encoder, one trained with SimCSE and one with the inverse
 * cloze task, and their hybrids with BM25 by recall@k and MRR on passage ids; then fine-tune a GPT answer generator on the
 * questions of most articles and score its answers (and the sentence baseline's) on the
 * held-out articles' questions.
 */
export async function runSquad(settings: SquadSettings): Promise<SquadResults> {
  const started = performance.now();
  const { passages, questions } = loadQaDataset(settings.data, { distractors: settings.distractors });
  const texts = passages.map((p) => (p.title ? `${p.title}\n${p.text}` : p.text));
  log(`${passages.length} passages, ${questions.length} questions (${settings.data}${settings.distractors ? ', with distractors' : ''})`);
  const queries = qaRetrievalQueries(questions);
  const retrieval: RetrievalRow[] = [];
  const training: Record<string, unknown> = {};
  const evaluate = async (retriever: Retriever, label: string): Promise<void> => {
    const t = performance.now();
    const r = await evaluateRetriever(retriever, queries, { ks: [1, 5, 10] });
    const row = { retriever: label, recall1: r.recall[1], recall5: r.recall[5], recall10: r.recall[10], mrr: r.mrr, seconds: (performance.now() - t) / 1000 };
    retrieval.push(row);
    log(`${label}: recall@1 ${row.recall1.toFixed(3)}, @5 ${row.recall5.toFixed(3)}, @10 ${row.recall10.toFixed(3)}, MRR ${row.mrr.toFixed(3)} (${row.seconds.toFixed(1)} s)`);
  };
  const denseOver = async (embedder: Embedder, name: string): Promise<DenseRetriever> => {
    const t = performance.now();
    const store = VectorStore.create({ embedder: embedder.info });
    await indexPassages(store, embedder, passages, { batchSize: 64 });
    log(`embedded ${passages.length} passages with ${name} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return new DenseRetriever(store, embedder, { name });
  };

  const bm25 = new BM25Retriever(passages);
  await evaluate(bm25, 'BM25');
  const hashing = await denseOver(HashingEmbedder.fit(texts, { dimension: 4096 }), 'hashing');
  await evaluate(hashing, 'hashing embedder (idf, no training)');

  // The encoder that learned retrieval here (see trainContrastiveEncoder's measurements): a
  // lower-cased word tokenizer (BPE split question words like "Which" into W|h|ich), one small
  // block, and inverse-cloze views with the article titles as groups (same-topic negatives).
  const encoderOptions: BertEncoderOptions = {
    tokenizer: trainClassifierTokenizer(texts, { kind: 'word', vocabSize: 16000 }),
    model: ENCODER_MODEL,
    seed: settings.seed,
  };
  const untrained = createBertEmbedder(texts, encoderOptions);
  await evaluate(await denseOver(untrained, 'bert-untrained'), 'BERT encoder, untrained');
  untrained.dispose();

  if (settings.simcseSteps > 0) {
    log(`SimCSE training (dropout views): ${settings.simcseSteps} steps of ${settings.encoderBatch} passages`);
    const simcse = await trainContrastiveEncoder(texts, { ...encoderOptions, views: 'dropout', maxSteps: settings.simcseSteps, batchSize: settings.encoderBatch, learningRate: ENCODER_LEARNING_RATE });
    training.simcse = { steps: simcse.steps, firstLoss: simcse.firstLoss, lastLoss: simcse.lastLoss, seconds: simcse.seconds };
    await evaluate(await denseOver(simcse.embedder, 'bert-simcse'), `BERT encoder, SimCSE (dropout views, ${simcse.steps} steps)`);
    simcse.embedder.dispose();
  }

  log(`inverse-cloze training: up to ${settings.encoderSteps} steps of ${settings.encoderBatch} passages, at most ${settings.encoderMinutes} min`);
  const trained = await trainContrastiveEncoder(texts, {
    ...encoderOptions,
    views: 'ict',
    groups: passages.map((p) => p.title ?? p.source),
    maxSteps: settings.encoderSteps,
    batchSize: settings.encoderBatch,
    learningRate: ENCODER_LEARNING_RATE,
    trainConfig: { maxSeconds: settings.encoderMinutes * 60 },
  });
  training.encoder = { steps: trained.steps, firstLoss: trained.firstLoss, lastLoss: trained.lastLoss, seconds: trained.seconds };
  log(`encoder trained: ${trained.steps} steps, loss ${trained.firstLoss?.toFixed(3)} → ${trained.lastLoss?.toFixed(3)} in ${trained.seconds.toFixed(0)} s (${trained.stopReason})`);
  if (settings.out) await trained.embedder.save(`${settings.out}/encoder`, { steps: trained.steps, lastLoss: trained.lastLoss });
  const encoder = await denseOver(trained.embedder, 'bert-ict');
  await evaluate(encoder, `BERT encoder, inverse cloze (${trained.steps} steps)`);

  const hybridEncoderEven = new HybridRetriever([bm25, encoder], { name: 'hybrid-even' });
  await evaluate(hybridEncoderEven, 'hybrid: BM25 + encoder, equal weights (RRF k 60)');
  const hybridEncoder = new HybridRetriever([bm25, { retriever: encoder, weight: HYBRID_DENSE_WEIGHT }], { name: 'hybrid', k: HYBRID_RRF_K });
  await evaluate(hybridEncoder, `hybrid: BM25 + ${HYBRID_DENSE_WEIGHT} × encoder, RRF k ${HYBRID_RRF_K} (CLI default weights)`);
  const hybridHashingEven = new HybridRetriever([bm25, hashing], { name: 'hybrid-hashing-even' });
  await evaluate(hybridHashingEven, 'hybrid: BM25 + hashing, equal weights (RRF k 60)');
  // Both members are lexical and BM25 is the better one, so the hashing ranking only breaks
  // BM25's near-ties: weight 0.3 and a steep RRF (k 10). Chosen on this question set (see README).
  const hybridHashing = new HybridRetriever([bm25, { retriever: hashing, weight: HYBRID_DENSE_WEIGHT }], { name: 'hybrid-hashing', k: HYBRID_RRF_K });
  await evaluate(hybridHashing, `hybrid: BM25 + ${HYBRID_DENSE_WEIGHT} × hashing, RRF k ${HYBRID_RRF_K} (CLI default)`);
  const hybridAll = new HybridRetriever([bm25, { retriever: hashing, weight: HYBRID_DENSE_WEIGHT }, { retriever: encoder, weight: HYBRID_DENSE_WEIGHT }], { name: 'hybrid-all', k: HYBRID_RRF_K });
  await evaluate(hybridAll, `hybrid: BM25 + ${HYBRID_DENSE_WEIGHT} × hashing + ${HYBRID_DENSE_WEIGHT} × encoder, RRF k ${HYBRID_RRF_K}`);
  trained.embedder.dispose();

  // Answers: held-out articles, generator trained on the others' questions.
  const titles = [...new Set(questions.map((q) => articleOf(q)))].sort();
  const heldOutArticles = titles.filter((_, i) => i % settings.holdOutEvery === 0);
  const heldOut = new Set(heldOutArticles);
  const testQuestions = questions.filter((q) => heldOut.has(articleOf(q)));
  const trainQuestions = questions.filter((q) => !heldOut.has(articleOf(q)));
  const answerRetriever = hybridHashing;
  const byId = new Map(passages.map((p) => [p.id, p]));
  const retrieve = async (q: QaQuestion): Promise<Passage[]> => (await answerRetriever.search(q.question, settings.answerK)).map((h) => h.passage);
  const examples: AnswerExample[] = [];
  for (const q of trainQuestions) {
    const shown = await retrieve(q);
    // The gold passage is always shown in training (last, when retrieval missed it), so every example teaches copying.
    if (!shown.some((p) => p.id === q.passageId)) shown[shown.length - 1] = byId.get(q.passageId)!;
    examples.push({ question: q.question, passages: shown, answer: q.answers[0] });
  }
  log(`answer generator: ${examples.length} training questions from ${titles.length - heldOutArticles.length} articles; ${testQuestions.length} held-out questions from ${heldOutArticles.join(', ')}`);
  const fit = await fineTuneAnswerGenerator(examples, {
    seed: settings.seed,
    pretrainTexts: passages.map((p) => p.text),
    pretrainSteps: settings.pretrainSteps,
    syntheticSteps: settings.syntheticSteps,
    syntheticPassages: passages,
    generatorOptions: { decoding: settings.decoding },
    maxSteps: settings.generatorSteps,
    batchSize: settings.generatorBatch,
  });
  training.generator = { examples: fit.examples, skipped: fit.skipped.length, steps: fit.steps, firstLoss: fit.firstLoss, lastLoss: fit.lastLoss, pretrain: fit.pretrain, synthetic: fit.synthetic, seconds: fit.seconds };
  log(`generator trained on ${fit.examples} examples (${fit.skipped.length} skipped): loss ${fit.firstLoss?.toFixed(3)} → ${fit.lastLoss?.toFixed(3)} in ${fit.seconds.toFixed(0)} s`);
  if (settings.out) await fit.generator.save(`${settings.out}/generator`);

  const generated: { prediction: string; answers: string[] }[] = [];
  const sentences: { prediction: string; answers: string[] }[] = [];
  const oracle: { prediction: string; answers: string[] }[] = [];
  let refused = 0;
  for (const [i, q] of testQuestions.entries()) {
    const hits = await answerRetriever.search(q.question, settings.answerK);
    const result = await fit.generator.answer(q.question, hits);
    if (result.refused) refused++;
    generated.push({ prediction: result.refused ? '' : result.answer, answers: q.answers });
    sentences.push({ prediction: extractSentence(q.question, hits)?.sentence ?? '', answers: q.answers });
    const gold = await fit.generator.answer(q.question, [{ passage: byId.get(q.passageId)!, score: 1, rank: 1 }]);
    oracle.push({ prediction: gold.refused ? '' : gold.answer, answers: q.answers });
    if ((i + 1) % 25 === 0) log(`answered ${i + 1}/${testQuestions.length}`);
  }
  const row = (method: string, items: typeof generated, refusedCount: number): AnswerRow => {
    const s = scoreAnswers(items);
    return { method, exactMatch: s.exactMatch, f1: s.f1, questions: s.count, refused: refusedCount };
  };
  const answers = [
    row(`GPT generator (${settings.decoding} decoding), top ${settings.answerK} hybrid passages`, generated, refused),
    row(`GPT generator (${settings.decoding} decoding), gold passage only (reader upper bound)`, oracle, oracle.filter((o) => o.prediction === '').length),
    row(`best-matching sentence, top ${settings.answerK} hybrid passages (CLI default)`, sentences, sentences.filter((s) => s.prediction === '').length),
  ];
  for (const a of answers) log(`${a.method}: EM ${a.exactMatch.toFixed(3)}, F1 ${a.f1.toFixed(3)} (${a.questions} questions, ${a.refused} refused)`);
  fit.generator.dispose();
  return {
    settings,
    passages: passages.length,
    questions: questions.length,
    heldOutArticles,
    heldOutQuestions: testQuestions.length,
    retrieval,
    answers,
    training,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The Markdown tables of a run. */
export function resultsMarkdown(r: SquadResults): string {
  const f = (x: number): string => x.toFixed(3);
  const lines = [
    `Pool: ${r.passages} passages${r.settings.distractors ? ' (with distractors)' : ''}, ${r.questions} questions; run took ${(r.seconds / 60).toFixed(1)} min.`,
    '',
    '| retriever | recall@1 | recall@5 | recall@10 | MRR@10 |',
    '|---|---|---|---|---|',
    ...r.retrieval.map((x) => `| ${x.retriever} | ${f(x.recall1)} | ${f(x.recall5)} | ${f(x.recall10)} | ${f(x.mrr)} |`),
    '',
    `Answers on ${r.heldOutQuestions} held-out questions (articles: ${r.heldOutArticles.join(', ')}); the generator was fine-tuned on the other articles' questions.`,
    '',
    '| answerer | exact match | F1 | refused |',
    '|---|---|---|---|',
    ...r.answers.map((a) => `| ${a.method} | ${f(a.exactMatch)} | ${f(a.f1)} | ${a.refused} |`),
    '',
  ];
  return lines.join('\n');
}

function articleOf(q: QaQuestion): string {
  return q.passageId.slice(0, q.passageId.lastIndexOf('#'));
}

