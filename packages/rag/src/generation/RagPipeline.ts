import type { Retriever, ScoredPassage } from '../types';
import type { AnswerResult, Answerer } from './AnswerGenerator';

/** Constructor arguments of {@link RagPipeline}. */
export interface RagPipelineOptions {
  /** Finds passages for a question (BM25, dense, hybrid…). */
  retriever: Retriever;
  /** Answers from the passages (an `AnswerGenerator`). */
  generator: Answerer;
  /** Passages retrieved per question (the generator shows as many as fit). Default 3. */
  k?: number;
  /**
   * Passages scoring below this count as not relevant; when every retrieved passage does,
   * the answer is a refusal. On the retriever's scale. Default: the generator's own `minScore`.
   */
  minScore?: number;
}

/** What {@link RagPipeline.ask} returns: the generator's answer, plus what was retrieved. */
export interface RagAnswer extends AnswerResult {
  question: string;
  /** The retriever's result, best first (the generator may have shown fewer). */
  retrieved: ScoredPassage[];
  /** Wall time of retrieval and generation. */
  seconds: number;
}

/**
 * Retrieval-augmented question answering: retrieve the `k` best passages for a question,
 * then let the generator answer from them with citations, or refuse when nothing
 * relevant was found (every score under `minScore`) or its answer has no support.
 *
 * @example
 * const pipeline = new RagPipeline({ retriever: new BM25Retriever(passages), generator, k: 3, minScore: 5 });
 * const { text, citations } = await pipeline.ask('Where is the Victoria and Albert Museum?');
 * console.log(text); // "London [1]"
 * for (const c of citations) console.log(`[${c.index}] ${c.passage.title}: ${c.passage.text.slice(0, 80)}…`);
 */
export class RagPipeline {
  readonly retriever: Retriever;
  readonly generator: Answerer;
  readonly k: number;
  readonly minScore: number | undefined;

  constructor(options: RagPipelineOptions) {
    this.retriever = options.retriever;
    this.generator = options.generator;
    this.k = options.k ?? 3;
    this.minScore = options.minScore;
    if (!Number.isInteger(this.k) || this.k < 1) throw new Error(`RagPipeline: expected k to be an integer >= 1, got ${options.k}`);
    if (this.minScore !== undefined && (typeof this.minScore !== 'number' || Number.isNaN(this.minScore))) {
      throw new Error(`RagPipeline: expected minScore to be a number, got ${JSON.stringify(options.minScore)}`);
    }
  }

  /** Retrieves, then answers (or refuses). */
  async ask(question: string): Promise<RagAnswer> {
    if (typeof question !== 'string' || question.trim().length === 0) throw new Error(`RagPipeline.ask: expected a non-empty question, got ${JSON.stringify(question)}`);
    const started = performance.now();
    const retrieved = await this.retriever.search(question, this.k);
    const result = await this.generator.answer(question, retrieved, this.minScore === undefined ? {} : { minScore: this.minScore });
    return { ...result, question, retrieved, seconds: (performance.now() - started) / 1000 };
  }
}
