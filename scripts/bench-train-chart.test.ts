import { RATIO_GOAL, trainRatioChartSvg } from './bench-train-chart';

describe('trainRatioChartSvg', () => {
  test('is null when PyTorch was not timed', () => {
    expect(trainRatioChartSvg([{ beforeTokensPerSecond: 1, tfzooTokensPerSecond: 2, torchTokensPerSecond: null }], '')).toBeNull();
  });

  test('draws one point per timed round for each series, and the goal line', () => {
    const svg = trainRatioChartSvg(
      [
        { beforeTokensPerSecond: 2000, tfzooTokensPerSecond: 4000, torchTokensPerSecond: 10000 },
        { beforeTokensPerSecond: 2100, tfzooTokensPerSecond: 3000, torchTokensPerSecond: null }, // no PyTorch: left out
        { beforeTokensPerSecond: 1900, tfzooTokensPerSecond: 3600, torchTokensPerSecond: 12000 },
      ],
      'wasm (SIMD, 2 threads)',
    )!;
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('tfzoo ÷ PyTorch');
    expect(svg).toContain('before ÷ PyTorch');
    expect(svg).toContain(`goal ${RATIO_GOAL}×`);
    expect(svg).toContain('wasm (SIMD, 2 threads)');
    expect(svg.match(/<circle/g)?.length).toBe(4 + 2); // 2 rounds × 2 series, and a legend marker per series
  });
});
