import { EarlyStopping } from './EarlyStopping';

/** Feeds a curve (one value per evaluation) and returns the 1-based evaluation that stopped, or null. */
function stopsAt(stopper: EarlyStopping, curve: number[]): number | null {
  for (let i = 0; i < curve.length; i++) if (stopper.update(curve[i], (i + 1) * 100).stop) return i + 1;
  return null;
}

describe('EarlyStopping', () => {
  it('stops after `patience` evaluations in a row without a new best', () => {
    const stopper = new EarlyStopping({ patience: 3 });
    expect(stopsAt(stopper, [5, 4, 3, 3.1, 2.9, 3.0, 3.2, 2.95, 1.0])).toBe(8);
    expect(stopper.best).toBe(2.9);
    expect(stopper.bestStep).toBe(500);
    expect(stopper.evaluationsWithoutImprovement).toBe(3);
  });

  it('never stops without patience, but tracks the best', () => {
    const stopper = new EarlyStopping();
    expect(stopsAt(stopper, [3, 4, 5, 6, 7, 8, 9])).toBeNull();
    expect(stopper.best).toBe(3);
  });

  it('maximises in max mode, and requires minDelta of improvement', () => {
    const max = new EarlyStopping({ patience: 2, mode: 'max' });
    expect(stopsAt(max, [0.5, 0.6, 0.55, 0.7, 0.69, 0.68])).toBe(6);
    expect(max.best).toBe(0.7);
    const delta = new EarlyStopping({ patience: 2, minDelta: 0.1 });
    expect(stopsAt(delta, [1.0, 0.95, 0.92, 0.5])).toBe(3); // 0.95 and 0.92 are within minDelta of 1.0
  });

  it('treats NaN as no improvement', () => {
    const stopper = new EarlyStopping({ patience: 1 });
    stopper.update(2, 1);
    expect(stopper.update(NaN, 2)).toEqual({ improved: false, stop: true });
  });

  it('carries its state over a checkpoint', () => {
    const a = new EarlyStopping({ patience: 3 });
    [5, 4, 4.5].forEach((v, i) => a.update(v, i));
    const b = new EarlyStopping({ patience: 3 });
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(stopsAt(b, [4.2, 4.1])).toBe(2);
  });

  it('rejects bad options', () => {
    expect(() => new EarlyStopping({ patience: 0 })).toThrow('expected patience >= 1, got 0');
  });
});
