import { lossCurveSvg, niceTicks } from './lossCurveSvg';

/** Every opening tag has a closing one (or closes itself): a cheap well-formedness check. */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, self] = m;
    if (self) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('lossCurveSvg', () => {
  const train = Array.from({ length: 50 }, (_, i) => [i + 1, 3 * Math.exp(-i / 15) + 0.5] as [number, number]);
  const val = [10, 20, 30, 40, 50].map((s) => [s, 3 * Math.exp(-(s - 1) / 15) + 0.7] as [number, number]);

  it('draws a path per series, axes with ticks and labels, and a legend', () => {
    const svg = lossCurveSvg(
      [
        { label: 'train', points: train },
        { label: 'validation', points: val, markers: true },
      ],
      { title: 'GPT <tiny> & co' },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain('>train</text>');
    expect(svg).toContain('>validation</text>');
    expect(svg).toContain('>step</text>');
    expect(svg).toContain('GPT &lt;tiny&gt; &amp; co');
    expect(svg).toContain('>50</text>'); // an x tick at the last step
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('skips non-finite values and copes with no data or a single point', () => {
    const svg = lossCurveSvg([{ label: 'train', points: [[1, NaN], [2, Infinity], [3, 2]] }]);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).toContain('<circle ');
    const empty = lossCurveSvg([{ label: 'train', points: [] }]);
    expect(empty).toContain('no data yet');
    expect(empty).not.toMatch(/NaN|Infinity/);
    expect(balanced(empty)).toBe(true);
  });
});

describe('niceTicks', () => {
  it('picks round steps covering the range', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.43, 3.1, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0.43, 1.1, 5)).toEqual([0.4, 0.6, 0.8, 1, 1.2]);
    expect(niceTicks(1, 20, 6)).toEqual([0, 5, 10, 15, 20]);
  });
});
