import { EventEmitter } from 'events';
import { listenForInterrupt, SIGINT_EXIT_CODE } from './listenForInterrupt';

describe('listenForInterrupt', () => {
  it('flags the first Ctrl-C, exits on the second, and removes its listener', () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    const notices: string[] = [];
    const listener = listenForInterrupt({ signals, exit: (c) => exits.push(c) }, () => notices.push('first'));
    expect(signals.listenerCount('SIGINT')).toBe(1);
    expect(listener.requested()).toBe(false);
    signals.emit('SIGINT');
    expect(listener.requested()).toBe(true);
    expect(notices).toEqual(['first']);
    expect(exits).toEqual([]);
    signals.emit('SIGINT');
    expect(exits).toEqual([SIGINT_EXIT_CODE]);
    listener.remove();
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('installs nothing when disabled', () => {
    const signals = new EventEmitter();
    const listener = listenForInterrupt({ signals, enabled: false });
    expect(signals.listenerCount('SIGINT')).toBe(0);
    listener.remove();
  });
});
