import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisposableStore, listen, nextFrame, toDisposable } from './disposable-store';

/** An EventTarget that counts the listeners it holds. */
class CountingTarget extends EventTarget {
  held = 0;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    this.held += 1;
    super.addEventListener(type, listener, options);
  }
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    this.held -= 1;
    super.removeEventListener(type, listener, options);
  }
}

describe('toDisposable', () => {
  it('releases once however often it is disposed', () => {
    const release = vi.fn();
    const item = toDisposable(release);
    item.dispose();
    item.dispose();
    expect(release).toHaveBeenCalledTimes(1);
  });
});

describe('DisposableStore', () => {
  it('disposes everything it holds, the last added first', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('first')));
    store.add(toDisposable(() => order.push('second')));
    store.add(toDisposable(() => order.push('third')));
    expect(store.size).toBe(3);
    store.dispose();
    expect(order).toEqual(['third', 'second', 'first']);
    expect(store.size).toBe(0);
    expect(store.isDisposed).toBe(true);
  });

  it('does nothing when disposed again', () => {
    const release = vi.fn();
    const store = new DisposableStore();
    store.add({ dispose: release });
    store.dispose();
    store.dispose();
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('disposes at once what is added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    const release = vi.fn();
    const item = store.add({ dispose: release });
    expect(release).toHaveBeenCalledTimes(1);
    expect(item.dispose).toBe(release);
    expect(store.size).toBe(0);
  });

  it('disposes the rest when one disposal throws, then throws the first error', () => {
    const store = new DisposableStore();
    const first = vi.fn();
    const last = vi.fn();
    store.add({ dispose: first });
    store.add({
      dispose: () => {
        throw new Error('early');
      },
    });
    store.add({
      dispose: () => {
        throw new Error('late');
      },
    });
    store.add({ dispose: last });
    expect(() => store.dispose()).toThrow('late');
    expect(first).toHaveBeenCalledTimes(1);
    expect(last).toHaveBeenCalledTimes(1);
  });

  it('delete disposes one item now and forgets it', () => {
    const store = new DisposableStore();
    const kept = vi.fn();
    const dropped = vi.fn();
    store.add({ dispose: kept });
    const item = store.add({ dispose: dropped });
    store.delete(item);
    expect(dropped).toHaveBeenCalledTimes(1);
    expect(store.size).toBe(1);
    store.dispose();
    expect(dropped).toHaveBeenCalledTimes(1);
    expect(kept).toHaveBeenCalledTimes(1);
  });
});

describe('listen', () => {
  it('removes the listener, with its capture flag, when disposed', () => {
    const target = new CountingTarget();
    const captured = vi.fn();
    const bubbled = vi.fn();
    const store = new DisposableStore();
    store.add(listen(target, 'ping', captured, true));
    store.add(listen(target, 'ping', bubbled, { capture: false }));
    target.dispatchEvent(new Event('ping'));
    expect(target.held).toBe(2);
    store.dispose();
    target.dispatchEvent(new Event('ping'));
    expect(captured).toHaveBeenCalledTimes(1);
    expect(bubbled).toHaveBeenCalledTimes(1);
    expect(target.held).toBe(0);
  });
});

describe('nextFrame', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const stubFrames = () => {
    const frames = new Map<number, () => void>();
    let next = 1;
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => {
      frames.set(next, callback);
      return next++;
    });
    vi.stubGlobal('cancelAnimationFrame', (handle: number) => frames.delete(handle));
    return frames;
  };

  it('runs the callback and leaves nothing in the store', () => {
    const frames = stubFrames();
    const store = new DisposableStore();
    const ran = vi.fn();
    nextFrame(store, ran);
    expect(store.size).toBe(1);
    for (const callback of [...frames.values()]) callback();
    expect(ran).toHaveBeenCalledTimes(1);
    expect(store.size).toBe(0);
  });

  it('cancels a frame that has not run when the store is disposed', () => {
    const frames = stubFrames();
    const store = new DisposableStore();
    const ran = vi.fn();
    nextFrame(store, ran);
    store.dispose();
    expect(frames.size).toBe(0);
    nextFrame(store, ran);
    expect(frames.size).toBe(0);
    expect(ran).not.toHaveBeenCalled();
  });
});
