import * as fs from 'fs';
import * as path from 'path';
import { BM25Retriever, DenseRetriever, HashingEmbedder, HybridRetriever, indexPassages, ingestPaths, questionTerms, searchTokens, splitSentences, VectorStore, type ScoredPassage } from '@tfzoo/rag';
import { HYBRID_HASHING_WEIGHT, HYBRID_RRF_K } from './squadRun';

/** The questions the default run asks about tfzoo's own documentation. */
export const DOC_QUESTIONS = [
  'How do I train a GPT on my own text?',
  'Which tfjs backends can tfzoo use?',
  'How do I translate a sentence with a saved model?',
  'What does the BERT sentiment example report?',
  'How long should dough rise before it goes in the oven?',
];

/** The repository's README.md files: the root, each package and each example. */
export function documentationFiles(repoRoot: string): string[] {
  const files = [path.join(repoRoot, 'README.md')];
  for (const group of ['packages', 'examples']) {
    const dir = path.join(repoRoot, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const readme = path.join(dir, name, 'README.md');
      if (fs.existsSync(readme)) files.push(readme);
    }
  }
  return files.filter((f) => fs.existsSync(f));
}

/**
 * The default run: indexes the README files with the no-training pipeline (BM25 fused
 * with a hashing embedder whose idf is fitted on them) and answers questions with the
 * best-matching sentence of the relevant passages (those covering at least `minCoverage`
 * of the question), citing them. No model, no network.
 */
export async function runDocsDemo(repoRoot: string, questions: readonly string[], minCoverage: number): Promise<void> {
  const files = documentationFiles(repoRoot);
  const passages = ingestPaths(files, { maxTokens: 128 }).map((p) => ({ ...p, source: path.relative(repoRoot, p.source), id: path.relative(repoRoot, p.id) }));
  const embedder = HashingEmbedder.fit(passages.map((p) => p.text), { dimension: 4096 });
  const store = VectorStore.create({ embedder: embedder.info });
  await indexPassages(store, embedder, passages);
  const bm25 = new BM25Retriever(passages);
  const dense = new DenseRetriever(store, embedder, { name: 'hashing' });
  const hybrid = new HybridRetriever([bm25, { retriever: dense, weight: HYBRID_HASHING_WEIGHT }], { k: HYBRID_RRF_K });
  console.log(`indexed ${passages.length} passages from ${files.length} README files (BM25 + ${embedder.info.kind} ${embedder.info.dimension}-d, fused by RRF)\n`);
  for (const question of questions) {
    const hits = await hybrid.search(question, 3);
    const judged = hits.map((h) => ({ hit: h, coverage: coverage(bm25, question, h) }));
    const relevant = judged.filter((j) => j.coverage >= minCoverage);
    console.log(`Q: ${question}`);
    const answer = bestSentence(question, relevant.map((j) => j.hit));
    if (relevant.length === 0 || answer === null) console.log(`A: nothing relevant in the documentation (the best passage covers ${Math.max(0, ...judged.map((j) => j.coverage)).toFixed(2)} of the question, under ${minCoverage})`);
    else console.log(`A: ${answer.sentence} [${answer.index}]`);
    judged.forEach((j, i) => console.log(`   [${i + 1}] ${j.hit.passage.id}${j.hit.passage.title ? ` — ${j.hit.passage.title}` : ''} (rrf ${j.hit.score.toFixed(4)}, covers ${j.coverage.toFixed(2)})`));
    console.log('');
  }
}

/** The sentence sharing the most question terms, from the best-ranked passage on ties; with its 1-based citation. */
function bestSentence(question: string, hits: readonly ScoredPassage[]): { sentence: string; index: number } | null {
  const terms = questionTerms(question);
  let best: { sentence: string; index: number } | null = null;
  let bestOverlap = 0;
  hits.forEach((hit, i) => {
    for (const sentence of splitSentences(hit.passage.text)) {
      const overlap = [...questionTerms(sentence)].filter((t) => terms.has(t)).length;
      if (overlap > bestOverlap) {
        best = { sentence, index: i + 1 };
        bestOverlap = overlap;
      }
    }
  });
  return best;
}

/**
 * The share of the question's content terms a passage holds, each weighted by its BM25
 * idf (a term in no passage as the rarest): the relevance rule of `tfzoo rag ask`.
 */
function coverage(bm25: BM25Retriever, question: string, hit: ScoredPassage): number {
  const terms = [...questionTerms(question)];
  const rarest = Math.log(1 + (bm25.size + 0.5) / 0.5);
  const words = new Set(searchTokens(hit.passage.title ? `${hit.passage.title}\n${hit.passage.text}` : hit.passage.text));
  let total = 0;
  let covered = 0;
  for (const t of terms) {
    const w = bm25.idf(t) || rarest;
    total += w;
    if (words.has(t)) covered += w;
  }
  return total > 0 ? covered / total : 0;
}
