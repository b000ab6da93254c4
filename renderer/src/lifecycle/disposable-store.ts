/** Anything that holds a listener, timer, observer or plugin and can let it go. */
export interface Disposable {
  dispose(): void;
}

/** A disposable that runs `release` once, however often it is disposed. */
export function toDisposable(release: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      release();
    },
  };
}

/**
 * Collects disposables and lets them all go at once, the last added first (what was built on top of
 * something is taken down before it), the way VS Code's `lifecycle.ts` does. Disposing twice does
 * nothing; something added after the store was disposed is disposed at once instead of leaking. One
 * failing disposal does not keep the others from running: the first error is thrown afterwards.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  /** How many disposables the store holds: zero once disposed (a leak check reads it). */
  get size(): number {
    return this.items.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
      return item;
    }
    this.items.push(item);
    return item;
  }

  /** Disposes `item` now and forgets it (a drag that ended, a frame that ran). */
  delete(item: Disposable): void {
    const index = this.items.lastIndexOf(item);
    if (index !== -1) this.items.splice(index, 1);
    item.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    let failure: { error: unknown } | null = null;
    while (this.items.length > 0) {
      const item = this.items.pop()!;
      try {
        item.dispose();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}

/** Adds `listener` to `target` until the returned disposable is disposed. */
export function listen<K extends keyof WindowEventMap>(
  target: Window,
  type: K,
  listener: (event: WindowEventMap[K]) => void,
  options?: boolean | AddEventListenerOptions,
): Disposable;
export function listen<K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
  listener: (event: HTMLElementEventMap[K]) => void,
  options?: boolean | AddEventListenerOptions,
): Disposable;
export function listen(
  target: EventTarget,
  type: string,
  listener: (event: Event) => void,
  options?: boolean | AddEventListenerOptions,
): Disposable;
export function listen(
  target: EventTarget,
  type: string,
  listener: (event: never) => void,
  options?: boolean | AddEventListenerOptions,
): Disposable {
  const handler = listener as EventListener;
  target.addEventListener(type, handler, options);
  const capture = typeof options === 'boolean' ? options : options?.capture === true;
  // As an object: some EventTarget implementations ignore a bare boolean on removal.
  return toDisposable(() => target.removeEventListener(type, handler, { capture }));
}

/**
 * Runs `callback` in the next animation frame unless disposed first; the store forgets it once it
 * ran, so a store of a long-lived canvas does not grow with every frame it asked for.
 */
export function nextFrame(store: DisposableStore, callback: () => void): Disposable {
  let handle = 0;
  if (store.isDisposed) return toDisposable(() => undefined);
  const frame = store.add(toDisposable(() => cancelAnimationFrame(handle)));
  handle = requestAnimationFrame(() => {
    store.delete(frame);
    callback();
  });
  return frame;
}
