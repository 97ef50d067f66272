import { resolveTrainConfig, scheduleOf } from './TrainConfig';

describe('resolveTrainConfig', () => {
  it('fills in nanoGPT-style defaults', () => {
    const c = resolveTrainConfig({ maxSteps: 1000, learningRate: 6e-4 });
    expect(c).toMatchObject({
      schedule: 'cosine',
      warmupSteps: 0,
      decaySteps: 1000,
      weightDecay: 0.1,
      beta1: 0.9,
      beta2: 0.95,
      gradClip: 1,
      gradientAccumulationSteps: 1,
      evalEvery: 100,
      checkpointEvery: 100,
      patience: null,
    });
    expect(c.minLearningRate).toBeCloseTo(6e-5, 15);
    expect(scheduleOf(c)(1000)).toBeCloseTo(6e-5, 12);
    expect(scheduleOf(resolveTrainConfig({ maxSteps: 10, schedule: 'constant' }))(9)).toBe(1e-3);
  });

  it('names the bad field and value', () => {
    expect(() => resolveTrainConfig({ maxSteps: 10, gradientAccumulationSteps: 1.5 })).toThrow('TrainConfig.gradientAccumulationSteps: expected an integer >= 1, got 1.5');
    expect(() => resolveTrainConfig({ maxSteps: 10, learningRate: -1 })).toThrow('TrainConfig.learningRate: expected a finite number >= 0, got -1');
    expect(() => resolveTrainConfig({ maxSteps: 10, patience: 0 })).toThrow('TrainConfig.patience: expected an integer >= 1 or null, got 0');
    expect(() => resolveTrainConfig({ maxSteps: 10, schedule: 'linear' as 'cosine' })).toThrow("expected 'cosine' or 'constant', got 'linear'");
  });
});
