import { colorScale, weightColor } from './heatmapPanel';

const brightness = (hex: string) => [1, 3, 5].reduce((sum, i) => sum + parseInt(hex.slice(i, i + 2), 16), 0);

describe('weightColor', () => {
  const scale = { min: 0, max: 1 };

  it('runs from white at the minimum to dark blue at the maximum, clamping outside', () => {
    expect(weightColor(0, scale)).toBe('#ffffff');
    expect(weightColor(1, scale)).toBe('#08306b');
    expect(weightColor(-5, scale)).toBe('#ffffff');
    expect(weightColor(7, scale)).toBe('#08306b');
  });

  it('gets strictly darker as the weight grows', () => {
    let previous = Infinity;
    for (let k = 0; k <= 64; k++) {
      const b = brightness(weightColor(k / 64, scale));
      expect(b).toBeLessThan(previous);
      previous = b;
    }
  });
});

describe('colorScale', () => {
  it('defaults to 0 .. the largest weight, or the smallest weight when negative', () => {
    expect(colorScale('f', [[[0.1, 0.6]], [[0.3, 0.2]]], {})).toEqual({ min: 0, max: 0.6 });
    expect(colorScale('f', [[[-2, 3]]], {})).toEqual({ min: -2, max: 3 });
    expect(colorScale('f', [[[0.1, 0.6]]], { minWeight: 0.1, maxWeight: 1 })).toEqual({ min: 0.1, max: 1 });
  });

  it('widens a degenerate range and rejects an inverted one', () => {
    expect(colorScale('f', [[[0, 0]]], {})).toEqual({ min: 0, max: 1 });
    expect(() => colorScale('f', [[[0, 0]]], { minWeight: 1, maxWeight: 1 })).toThrow('f: expected maxWeight > minWeight, got minWeight 1 and maxWeight 1');
  });
});
