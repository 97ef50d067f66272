import type { Retriever, ScoredPassage } from '../types';
import { reciprocalRankFusion, resolveFusionOptions } from './reciprocalRankFusion';

/** One retriever taking part in a {@link HybridRetriever}. */
export interface HybridMember {
  retriever: Retriever;
  /** Its weight in the fusion. Default 1. */
  weight?: number;
}

/** Options of {@link HybridRetriever}. */
export interface HybridRetrieverOptions {
  /** The RRF constant (see {@link reciprocalRankFusion}). Default 60. */
  k?: number;
  /**
   * How many results to ask each member for before fusing. A passage ranked low by
   * one member can still win on the others' votes, so this is larger than the k of
   * a search. Default: max(4·k, 50) for a search of k.
   */
  depth?: number;
  /** Name in results. Default: the members' names joined by `+` (`bm25+dense`). */
  name?: string;
}

/**
 * Several retrievers fused by reciprocal rank fusion: each member is searched with
 * the same query (in parallel), its top `depth` results are fused by rank, and the
 * best k fused passages are returned with their RRF scores.
 *
 * @example
 * const hybrid = new HybridRetriever([{ retriever: bm25 }, { retriever: dense, weight: 1 }]);
 * const hits = await hybrid.search('Who founded the Yuan dynasty?', 5);
 */
export class HybridRetriever implements Retriever {
  readonly name: string;
  readonly members: readonly HybridMember[];
  readonly k: number;
  readonly depth: number | undefined;

  constructor(members: readonly (HybridMember | Retriever)[], options: HybridRetrieverOptions = {}) {
    if (members.length === 0) throw new Error('expected at least one retriever to fuse, got none');
    this.members = members.map((m) => ('retriever' in m ? m : { retriever: m }));
    this.k = options.k ?? 60;
    this.depth = options.depth;
    if (this.depth !== undefined && (!Number.isInteger(this.depth) || this.depth < 1)) {
      throw new Error(`expected depth to be a positive integer, got ${options.depth}`);
    }
    this.name = options.name ?? this.members.map((m) => m.retriever.name).join('+');
    // Checked now rather than at the first search.
    resolveFusionOptions(this.members.length, { k: this.k, weights: this.members.map((m) => m.weight ?? 1) });
  }

  async search(query: string, k: number): Promise<ScoredPassage[]> {
    if (!Number.isInteger(k) || k < 1) throw new Error(`expected k to be a positive integer, got ${k}`);
    const depth = Math.max(this.depth ?? Math.max(4 * k, 50), k);
    const rankings = await Promise.all(this.members.map((m) => m.retriever.search(query, depth)));
    return reciprocalRankFusion(rankings, { k: this.k, weights: this.members.map((m) => m.weight ?? 1) }).slice(0, k);
  }
}
