import type { Passage, Retriever, ScoredPassage } from '../types';
import { TopK } from '../store/TopK';
import { searchTokens, type SearchTokenOptions } from './searchTokens';

/** Options of {@link BM25Retriever}. */
export interface BM25Options extends SearchTokenOptions {
  /** Term-frequency saturation: how fast repeated terms stop adding score. Default 1.2. */
  k1?: number;
  /** Length normalisation: 0 ignores passage length, 1 scales fully by length / average length. Default 0.75. */
  b?: number;
  /** The retriever's name in results and hybrid fusion. Default `bm25`. */
  name?: string;
  /** Index a passage's title with its text (a section heading often names the topic). Default true. */
  indexTitles?: boolean;
}

/** One posting list: which passages hold a term and how often. */
interface Postings {
  docs: number[];
  counts: number[];
}

/**
 * Okapi BM25 over passages, with the IDF of Lucene (and of Robertson–Spärck Jones
 * with +1 inside the log, so it is never negative):
 *
 *     idf(t)      = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
 *     score(q, d) = Σ_{t ∈ q} idf(t) · f(t,d)·(k1 + 1) / (f(t,d) + k1·(1 − b + b·|d|/avgdl))
 *
 * N is the number of passages, n(t) how many hold term t, f(t,d) its count in d,
 * |d| the passage length in terms (title included) and avgdl the mean length.
 * The (k1 + 1) factor of the classic formula is kept (Lucene 8+ drops it; rankings
 * are the same). A term repeated in the query counts once per repetition, as
 * repeated clauses do in Lucene. Only passages sharing a term with the query are
 * returned, so a search can give fewer than k results.
 *
 * The index is built once from the passages and is immutable; rebuild it after
 * the collection changes (it takes well under a second for tens of thousands of passages).
 *
 * @example
 * const bm25 = new BM25Retriever(passages);
 * const hits = await bm25.search('how many sacks did Jared Allen have', 5);
 */
export class BM25Retriever implements Retriever {
  readonly name: string;
  readonly k1: number;
  readonly b: number;
  readonly tokenOptions: SearchTokenOptions;
  /** Mean passage length in terms. */
  readonly averageLength: number;
  private readonly passages: readonly Passage[];
  private readonly lengths: Uint32Array;
  private readonly index = new Map<string, Postings>();

  constructor(passages: readonly Passage[], options: BM25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    if (!(this.k1 >= 0) || !Number.isFinite(this.k1)) throw new Error(`expected k1 >= 0, got ${options.k1}`);
    if (!(this.b >= 0 && this.b <= 1)) throw new Error(`expected b in [0, 1], got ${options.b}`);
    this.name = options.name ?? 'bm25';
    this.tokenOptions = { stopWords: options.stopWords, stem: options.stem };
    this.passages = passages.slice();
    this.lengths = new Uint32Array(passages.length);

    const seen = new Set<string>();
    const indexTitles = options.indexTitles ?? true;
    let total = 0;
    for (let doc = 0; doc < passages.length; doc++) {
      const passage = passages[doc];
      if (seen.has(passage.id)) throw new Error(`duplicate passage id ${JSON.stringify(passage.id)} at index ${doc}`);
      seen.add(passage.id);
      const text = indexTitles && passage.title ? `${passage.title}\n${passage.text}` : passage.text;
      const terms = searchTokens(text, this.tokenOptions);
      this.lengths[doc] = terms.length;
      total += terms.length;
      for (const [term, count] of countTerms(terms)) {
        let postings = this.index.get(term);
        if (postings === undefined) {
          postings = { docs: [], counts: [] };
          this.index.set(term, postings);
        }
        postings.docs.push(doc);
        postings.counts.push(count);
      }
    }
    this.averageLength = passages.length > 0 ? total / passages.length : 0;
  }

  /** Number of indexed passages. */
  get size(): number {
    return this.passages.length;
  }

  /** ln(1 + (N − n + 0.5) / (n + 0.5)) for a term (already analysed), 0 for a term no passage holds. */
  idf(term: string): number {
    const n = this.index.get(term)?.docs.length ?? 0;
    if (n === 0) return 0;
    const N = this.passages.length;
    return Math.log(1 + (N - n + 0.5) / (n + 0.5));
  }

  /** The BM25 score of every passage for `query`, in passage order (0 where no term matches). */
  scoreAll(query: string): Float64Array {
    const scores = new Float64Array(this.passages.length);
    const { k1, b } = this;
    const avgdl = this.averageLength > 0 ? this.averageLength : 1;
    for (const [term, queryCount] of countTerms(searchTokens(query, this.tokenOptions))) {
      const postings = this.index.get(term);
      if (postings === undefined) continue;
      const idf = this.idf(term) * queryCount;
      for (let i = 0; i < postings.docs.length; i++) {
        const doc = postings.docs[i];
        const f = postings.counts[i];
        scores[doc] += (idf * (f * (k1 + 1))) / (f + k1 * (1 - b + (b * this.lengths[doc]) / avgdl));
      }
    }
    return scores;
  }

  async search(query: string, k: number): Promise<ScoredPassage[]> {
    return this.searchSync(query, k);
  }

  /** {@link search} without the Promise, for loops over many queries. */
  searchSync(query: string, k: number): ScoredPassage[] {
    if (this.passages.length === 0) throw new Error('the BM25 index holds no passages; build it from a non-empty collection');
    const scores = this.scoreAll(query);
    const top = new TopK(k);
    for (let doc = 0; doc < scores.length; doc++) if (scores[doc] > 0) top.push(doc, scores[doc]);
    return top.sorted().map((entry, i) => ({ passage: this.passages[entry.id], score: entry.score, rank: i + 1 }));
  }
}

function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
