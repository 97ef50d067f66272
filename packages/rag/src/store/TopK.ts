/** One entry kept by {@link TopK}. */
export interface TopKEntry {
  /** The caller's id for the item (a row, a key, a passage index). */
  id: number;
  score: number;
}

/**
 * Keeps the `k` highest-scoring items seen so far in a binary min-heap, so a scan
 * over n items costs O(n log k) instead of sorting all n. Ties go to the smaller
 * id, which makes every ranking built on it deterministic.
 */
export class TopK {
  private readonly heap: TopKEntry[] = [];

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`expected k to be a positive integer, got ${k}`);
  }

  /** Offers an item; it is kept if it beats the current k-th best. */
  push(id: number, score: number): void {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push({ id, score });
      this.siftUp(heap.length - 1);
    } else if (worse(heap[0], id, score)) {
      heap[0] = { id, score };
      this.siftDown(0);
    }
  }

  /** The kept items, best first. */
  sorted(): TopKEntry[] {
    return this.heap.slice().sort((a, b) => b.score - a.score || a.id - b.id);
  }

  // The root is the worst kept entry: lowest score, and on a tie the largest id.
  private siftUp(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!isWorse(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && isWorse(heap[left], heap[worst])) worst = left;
      if (right < heap.length && isWorse(heap[right], heap[worst])) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  }
}

function isWorse(a: TopKEntry, b: TopKEntry): boolean {
  return a.score < b.score || (a.score === b.score && a.id > b.id);
}

/** Whether `kept` ranks below a new item (id, score). */
function worse(kept: TopKEntry, id: number, score: number): boolean {
  return kept.score < score || (kept.score === score && kept.id > id);
}
