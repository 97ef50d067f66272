import { constantSchedule, cosineSchedule } from './learningRateSchedule';

describe('cosineSchedule', () => {
  const lr = 6e-4;
  const minLr = 6e-5;
  const schedule = cosineSchedule({ learningRate: lr, warmupSteps: 10, decaySteps: 110, minLearningRate: minLr });

  it('warms up linearly from lr/(warmup+1) at step 0', () => {
    expect(schedule(0)).toBeCloseTo(lr / 11, 12);
    expect(schedule(4)).toBeCloseTo((lr * 5) / 11, 12);
    expect(schedule(9)).toBeCloseTo((lr * 10) / 11, 12);
  });

  it('peaks at the end of warmup, is halfway at the middle, and reaches the floor at decaySteps', () => {
    expect(schedule(10)).toBeCloseTo(lr, 12);
    expect(schedule(60)).toBeCloseTo((lr + minLr) / 2, 12);
    // A quarter of the way: 0.5 * (1 + cos(pi/4)) of the span above the floor.
    expect(schedule(35)).toBeCloseTo(minLr + 0.5 * (1 + Math.SQRT1_2) * (lr - minLr), 12);
    expect(schedule(110)).toBeCloseTo(minLr, 12);
  });

  it('stays at the floor past the end', () => {
    expect(schedule(111)).toBe(minLr);
    expect(schedule(10_000)).toBe(minLr);
  });

  it('decreases monotonically after warmup', () => {
    for (let s = 10; s < 120; s++) expect(schedule(s + 1)).toBeLessThanOrEqual(schedule(s));
  });

  it('rejects inconsistent settings and bad steps, naming the value', () => {
    expect(() => cosineSchedule({ learningRate: 1e-3, warmupSteps: 10, decaySteps: 10, minLearningRate: 0 })).toThrow(
      'expected decaySteps > warmupSteps (10), got 10',
    );
    expect(() => cosineSchedule({ learningRate: 1e-3, warmupSteps: 0, decaySteps: 10, minLearningRate: 1e-2 })).toThrow(
      'expected minLearningRate <= learningRate (0.001), got 0.01',
    );
    expect(() => schedule(-1)).toThrow('expected a step that is an integer >= 0, got -1');
    expect(() => schedule(1.5)).toThrow('got 1.5');
  });
});

describe('constantSchedule', () => {
  it('is flat, after an optional warmup', () => {
    const flat = constantSchedule(1e-3);
    expect(flat(0)).toBe(1e-3);
    expect(flat(999)).toBe(1e-3);
    const warm = constantSchedule(1e-3, 4);
    expect(warm(0)).toBeCloseTo(1e-3 / 5, 12);
    expect(warm(3)).toBeCloseTo((4 * 1e-3) / 5, 12);
    expect(warm(4)).toBe(1e-3);
  });
});
