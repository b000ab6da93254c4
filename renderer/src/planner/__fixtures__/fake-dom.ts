/**
 * Just enough of a browser for the planner editor to be built and taken down under Node, counting
 * what a leak check needs: listeners on every target, animation frames, timers and resize observers.
 * Nothing is laid out or painted; nodes that render React views need the real browser (e2e).
 */

const listenerKey = (type: string, options: unknown): string =>
  `${type}:${typeof options === 'boolean' ? options : (options as { capture?: boolean } | undefined)?.capture === true}`;

/** An EventTarget that knows which listeners it holds (same rules as the DOM: one per type, listener and capture). */
export class CountingTarget extends EventTarget {
  private readonly held = new Map<unknown, Set<string>>();

  get listenerCount(): number {
    return [...this.held.values()].reduce((sum, keys) => sum + keys.size, 0);
  }

  /** The held listeners as `type:capture`, sorted (for a readable failure). */
  get listenerKeys(): string[] {
    return [...this.held.values()].flatMap((keys) => [...keys]).sort();
  }

  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    if (listener && !(typeof options === 'object' && options.once)) {
      const keys = this.held.get(listener) ?? new Set<string>();
      keys.add(listenerKey(type, options));
      this.held.set(listener, keys);
    }
    super.addEventListener(type, listener, typeof options === 'boolean' ? { capture: options } : options);
  }

  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    const keys = listener ? this.held.get(listener) : undefined;
    keys?.delete(listenerKey(type, options));
    if (keys?.size === 0) this.held.delete(listener);
    super.removeEventListener(type, listener, typeof options === 'boolean' ? { capture: options } : options);
  }
}

export class FakeElement extends CountingTarget {
  readonly children: FakeElement[] = [];
  parent: FakeElement | null = null;
  readonly style: Record<string, string> = {};
  readonly dataset: Record<string, string> = {};
  private readonly attributes = new Map<string, string>();
  private readonly classes = new Set<string>();
  readonly classList = {
    add: (...names: string[]) => names.forEach((name) => this.classes.add(name)),
    remove: (...names: string[]) => names.forEach((name) => this.classes.delete(name)),
    toggle: (name: string, force?: boolean) => {
      const on = force ?? !this.classes.has(name);
      if (on) this.classes.add(name);
      else this.classes.delete(name);
      return on;
    },
    contains: (name: string) => this.classes.has(name),
  };
  className = '';
  textContent = '';
  title = '';
  tabIndex = -1;
  clientWidth = 0;
  clientHeight = 0;

  constructor(readonly tagName: string) {
    super();
  }

  get firstElementChild(): FakeElement | null {
    return this.children[0] ?? null;
  }
  get parentNode(): FakeElement | null {
    return this.parent;
  }
  set innerHTML(_html: string) {
    this.replaceChildren();
  }

  appendChild<T extends FakeElement>(child: T): T {
    child.remove();
    child.parent = this;
    this.children.push(child);
    return child;
  }
  append(...nodes: (FakeElement | string)[]): void {
    for (const node of nodes) {
      if (typeof node === 'string') this.textContent += node;
      else this.appendChild(node);
    }
  }
  prepend(...nodes: FakeElement[]): void {
    for (const node of [...nodes].reverse()) {
      node.remove();
      node.parent = this;
      this.children.unshift(node);
    }
  }
  insertBefore<T extends FakeElement>(child: T, before: FakeElement | null): T {
    if (!before) return this.appendChild(child);
    child.remove();
    child.parent = this;
    this.children.splice(Math.max(this.children.indexOf(before), 0), 0, child);
    return child;
  }
  removeChild<T extends FakeElement>(child: T): T {
    child.remove();
    return child;
  }
  remove(): void {
    if (!this.parent) return;
    this.parent.children.splice(this.parent.children.indexOf(this), 1);
    this.parent = null;
  }
  replaceChildren(...nodes: FakeElement[]): void {
    for (const child of [...this.children]) child.remove();
    this.append(...nodes);
  }
  contains(other: FakeElement | null): boolean {
    for (let node = other; node; node = node.parent) if (node === this) return true;
    return false;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  getBoundingClientRect() {
    return {
      x: 0,
      y: 0,
      left: 0,
      top: 0,
      right: this.clientWidth,
      bottom: this.clientHeight,
      width: this.clientWidth,
      height: this.clientHeight,
    };
  }
  querySelector(): null {
    return null;
  }
  querySelectorAll(): FakeElement[] {
    return [];
  }
  closest(): null {
    return null;
  }
  focus(): void {}
  blur(): void {}
}

/** A fake window, document and clock: install it, build, count. */
export function createFakeBrowser() {
  const window = new CountingTarget();
  const document = Object.assign(new CountingTarget(), {
    head: new FakeElement('head'),
    body: new FakeElement('body'),
    activeElement: null,
    querySelector: () => null,
    querySelectorAll: () => [],
    elementsFromPoint: () => [],
    createElement: (tag: string) => new FakeElement(tag),
    createElementNS: (_namespace: string, tag: string) => new FakeElement(tag),
  });
  const frames = new Map<number, FrameRequestCallback>();
  const timers = new Map<number, () => void>();
  let next = 1;
  let observers = 0;
  class FakeResizeObserver {
    private watching = false;
    observe(): void {
      if (!this.watching) observers += 1;
      this.watching = true;
    }
    unobserve(): void {}
    disconnect(): void {
      if (this.watching) observers -= 1;
      this.watching = false;
    }
  }
  const storage = new Map<string, string>();
  const globals: Record<string, unknown> = {
    window,
    document,
    Element: FakeElement,
    HTMLElement: FakeElement,
    SVGElement: FakeElement,
    ResizeObserver: FakeResizeObserver,
    localStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
      removeItem: (key: string) => storage.delete(key),
    },
    requestAnimationFrame: (callback: FrameRequestCallback) => {
      frames.set(next, callback);
      return next++;
    },
    cancelAnimationFrame: (handle: number) => frames.delete(handle),
    setTimeout: (callback: () => void) => {
      timers.set(next, callback);
      return next++;
    },
    clearTimeout: (handle: number) => timers.delete(handle),
  };
  return {
    window,
    document,
    globals,
    /** Runs the animation frames asked for so far (not those they ask for). */
    runFrames(): void {
      const due = [...frames.entries()];
      for (const [handle, callback] of due) {
        frames.delete(handle);
        callback(0);
      }
    },
    /** What is still held: listeners on the window and document, pending frames and timers, observers. */
    held(container: CountingTarget) {
      return {
        window: window.listenerKeys,
        document: document.listenerKeys,
        container: container.listenerKeys,
        frames: frames.size,
        timers: timers.size,
        observers,
      };
    },
  };
}
