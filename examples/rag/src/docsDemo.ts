import * as fs from 'fs';
import * as path from 'path';
import { BM25Retriever, DenseRetriever, extractSentence, HashingEmbedder, HybridRetriever, indexPassages, ingestPaths, judgeHits, VectorStore } from '@tfzoo/rag';
import { HYBRID_DENSE_WEIGHT, HYBRID_RRF_K } from './squadRun';

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
  const hybrid = new HybridRetriever([bm25, { retriever: dense, weight: HYBRID_DENSE_WEIGHT }], { k: HYBRID_RRF_K });
  console.log(`indexed ${passages.length} passages from ${files.length} README files (BM25 + ${embedder.info.kind} ${embedder.info.dimension}-d, fused by RRF)\n`);
  for (const question of questions) {
    const hits = await hybrid.search(question, 3);
    const judged = judgeHits(bm25, question, hits);
    const relevant = judged.filter((j) => j.coverage >= minCoverage);
    console.log(`Q: ${question}`);
    const answer = extractSentence(question, relevant);
    if (relevant.length === 0 || answer === null) console.log(`A: nothing relevant in the documentation (the best passage covers ${Math.max(0, ...judged.map((j) => j.coverage)).toFixed(2)} of the question, under ${minCoverage})`);
    else console.log(`A: ${answer.sentence} [${judged.indexOf(answer.hit) + 1}]`);
    judged.forEach((j, i) => console.log(`   [${i + 1}] ${j.passage.id}${j.passage.title ? ` — ${j.passage.title}` : ''} (rrf ${j.score.toFixed(4)}, covers ${j.coverage.toFixed(2)})`));
    console.log('');
  }
}
