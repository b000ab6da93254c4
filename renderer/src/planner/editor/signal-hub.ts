import { toDisposable, type Disposable } from '../../lifecycle/disposable-store';

/**
 * Observers of one Rete signal stream. Rete's pipes cannot be removed; the editor adds one pipe per
 * stream that feeds a hub, and contributions observe the hub, so each can stop observing when it is
 * disposed. Observers run in the order they were added and cannot change or stop the signal.
 */
export interface SignalHub<T> {
  observe(observer: (signal: T) => void): Disposable;
  emit(signal: T): void;
}

export function createSignalHub<T>(): SignalHub<T> {
  const observers = new Set<(signal: T) => void>();
  return {
    observe(observer) {
      // A wrapper, so the same function observed twice is two observers.
      const entry = (signal: T): void => observer(signal);
      observers.add(entry);
      return toDisposable(() => observers.delete(entry));
    },
    emit(signal) {
      for (const observer of observers) observer(signal);
    },
  };
}
