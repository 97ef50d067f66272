/**
 * A binary min-heap of (primary, secondary) number pairs, ordered by primary
 * then secondary. Both BPE training (primary = -count, secondary = pair key:
 * the most frequent pair, ties to the smallest ids) and BPE encoding
 * (primary = merge rank, secondary = position: the earliest merge, leftmost
 * first) pop from one. Entries are never updated in place; callers push fresh
 * entries and skip stale ones when popped, which keeps this tiny and fast.
 */
export class PairHeap {
  private primary: number[] = [];
  private secondary: number[] = [];

  get size(): number {
    return this.primary.length;
  }

  push(primary: number, secondary: number): void {
    const p = this.primary;
    const s = this.secondary;
    let i = p.length;
    p.push(primary);
    s.push(secondary);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (p[parent] < primary || (p[parent] === primary && s[parent] <= secondary)) break;
      p[i] = p[parent];
      s[i] = s[parent];
      i = parent;
    }
    p[i] = primary;
    s[i] = secondary;
  }

  /** Removes the smallest entry and returns it as [primary, secondary]; undefined when empty. */
  pop(): [number, number] | undefined {
    const p = this.primary;
    const s = this.secondary;
    const n = p.length;
    if (n === 0) return undefined;
    const top: [number, number] = [p[0], s[0]];
    const lastP = p.pop() as number;
    const lastS = s.pop() as number;
    if (n === 1) return top;
    const size = n - 1;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      let child = left;
      if (right < size && (p[right] < p[left] || (p[right] === p[left] && s[right] < s[left]))) child = right;
      if (lastP < p[child] || (lastP === p[child] && lastS <= s[child])) break;
      p[i] = p[child];
      s[i] = s[child];
      i = child;
    }
    p[i] = lastP;
    s[i] = lastS;
    return top;
  }
}
