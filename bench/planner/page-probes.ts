/**
 * Functions that run inside the page (Playwright serialises them), so each is self-contained and
 * reaches the browser through `globalThis`. bench/ compiles for Node without the DOM library; the
 * few DOM members used are declared below and erased at compile time. They read only the planner's
 * stable hooks: `planner-canvas`, `planner-node` and `planner-wire`.
 */

interface ProbeElement {
  readonly parentElement: ProbeElement | null;
  readonly style: { readonly transform: string };
  closest(selector: string): ProbeElement | null;
  contains(other: ProbeElement): boolean;
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number; height: number };
}

interface ProbeWindow {
  requestAnimationFrame(callback: (time: number) => void): number;
  performance: { now(): number };
  location: { hash: string };
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(message: unknown): void } };
  document: {
    querySelector(selector: string): ProbeElement | null;
    querySelectorAll(selector: string): ArrayLike<ProbeElement>;
    getElementsByTagName(name: string): ArrayLike<unknown>;
    elementFromPoint(x: number, y: number): ProbeElement | null;
  };
  __nimbusBench?: BenchState;
}

interface BenchState {
  /** In-page times (ms since navigation start) the canvas first showed a node, and all `expected`. */
  firstNodeAt?: number;
  allNodesAt?: number;
  /** rAF timestamps of each recorded frame, and each frame's main-thread time (see installFrameRecorder). */
  frames: number[];
  frameWork: number[];
  recording: boolean;
  /** Set by markLayout. */
  layoutSignature?: () => string;
  markedLayout?: string;
  markedAt?: number;
}

/** Frames recorded in the page: rAF timestamps and per-frame main-thread time, both in milliseconds. */
export interface RecordedFrames {
  frames: number[];
  frameWork: number[];
}

/**
 * Once a frame, counts `planner-node` elements and notes when the first one and all `expected` are
 * present, without Playwright round trips. Installed as an init script (runs before the app on every
 * navigation), or evaluated just before an in-app navigation.
 */
export function watchNodeCount(expected: number): void {
  const page = globalThis as unknown as ProbeWindow;
  const state: BenchState = { frames: [], frameWork: [], recording: false };
  page.__nimbusBench = state;
  const tick = () => {
    const count = page.document.querySelectorAll('[data-testid="planner-node"]').length;
    if (count > 0) state.firstNodeAt ??= page.performance.now();
    if (count >= expected) state.allNodesAt = page.performance.now();
    else page.requestAnimationFrame(tick);
  };
  page.requestAnimationFrame(tick);
}

/** Resolves, two frames after all nodes are present, with the in-page time (ms since navigation start). */
export function afterTwoFrames(): Promise<{ firstNodeAt: number; allNodesAt: number; settledAt: number }> {
  const page = globalThis as unknown as ProbeWindow;
  const state = page.__nimbusBench!;
  return new Promise((resolve) =>
    page.requestAnimationFrame(() =>
      page.requestAnimationFrame(() =>
        resolve({ firstNodeAt: state.firstNodeAt!, allNodesAt: state.allNodesAt!, settledAt: page.performance.now() }),
      ),
    ),
  );
}

/** Follows an in-app link (changes the address' fragment, as the app's own links do); returns the in-page time. */
export function navigateInApp(hash: string): number {
  const page = globalThis as unknown as ProbeWindow;
  const now = page.performance.now();
  page.location.hash = hash;
  return now;
}

/** True once the init script saw all nodes. */
export function allNodesPresent(): boolean {
  return (globalThis as unknown as ProbeWindow).__nimbusBench?.allNodesAt !== undefined;
}

export function renderedCounts(): { nodes: number; wires: number; elements: number } {
  const { document } = globalThis as unknown as ProbeWindow;
  return {
    nodes: document.querySelectorAll('[data-testid="planner-node"]').length,
    wires: document.querySelectorAll('[data-testid="planner-wire"]').length,
    elements: document.getElementsByTagName('*').length,
  };
}

/**
 * A point on the canvas with nothing under it but the canvas itself (no node, no wire), where a drag
 * pans; null if the nodes cover it all. Scans from the top left in 8-pixel steps.
 */
export function emptyCanvasPoint(): { x: number; y: number } | null {
  const { document } = globalThis as unknown as ProbeWindow;
  const canvas = document.querySelector('[data-testid="planner-canvas"]');
  if (!canvas) return null;
  const box = canvas.getBoundingClientRect();
  for (let y = box.top + 12; y < box.bottom - 12; y += 8) {
    for (let x = box.left + 12; x < box.right - 12; x += 8) {
      const hit = document.elementFromPoint(x, y);
      if (hit && canvas.contains(hit) && !hit.closest('[data-testid="planner-node"]') && !hit.closest('svg')) return { x, y };
    }
  }
  return null;
}

/**
 * Starts a requestAnimationFrame loop recording each frame's timestamp (the interval between two is
 * what the user sees: 16.7 ms at 60 Hz, 33.3 ms when a frame is missed) and its main-thread time:
 * from the frame's start (the rAF timestamp, before the frame's input events and rAF callbacks) until
 * a message posted from the callback runs, which is after the frame's style, layout and paint. That
 * one is not rounded to the display's 60 Hz, so it shows how far under or over budget a frame is.
 */
export function installFrameRecorder(): void {
  const page = globalThis as unknown as ProbeWindow;
  const state = page.__nimbusBench!;
  state.frames = [];
  state.frameWork = [];
  state.recording = true;
  const channel = new page.MessageChannel();
  let frameStart = 0;
  channel.port1.onmessage = () => {
    state.frameWork.push(page.performance.now() - frameStart);
  };
  const frame = (time: number) => {
    if (!state.recording) return;
    state.frames.push(time);
    frameStart = time;
    channel.port2.postMessage(0);
    page.requestAnimationFrame(frame);
  };
  page.requestAnimationFrame(frame);
}

export function collectFrames(): RecordedFrames {
  const state = (globalThis as unknown as ProbeWindow).__nimbusBench!;
  state.recording = false;
  return { frames: state.frames, frameWork: state.frameWork };
}

/**
 * Notes where every node is drawn, as one string: the CSS transforms from each `planner-node` up to
 * the canvas (node placement, then the canvas' pan and zoom). Reads styles only, so polling it every
 * frame forces no layout; it changes whenever a node moves or the view pans or zooms. Call it just
 * before running a command that moves nodes, then {@link waitForLayoutToSettle}.
 */
export function markLayout(): number {
  const page = globalThis as unknown as ProbeWindow;
  const state = page.__nimbusBench!;
  state.layoutSignature = () => {
    const canvas = page.document.querySelector('[data-testid="planner-canvas"]');
    const nodes = page.document.querySelectorAll('[data-testid="planner-node"]');
    const parts: string[] = [];
    for (let i = 0; i < nodes.length; i += 1) {
      for (let element: ProbeElement | null = nodes[i]!; element && element !== canvas; element = element.parentElement)
        parts.push(element.style.transform);
      parts.push('|');
    }
    return parts.join('');
  };
  state.markedLayout = state.layoutSignature();
  state.markedAt = page.performance.now();
  return state.markedAt;
}

/**
 * Compares the layout with the one {@link markLayout} noted, every frame: resolves with the in-page
 * time from the mark to the last change once nothing changed for `quietMs` after a change (null if
 * nothing changed within `startMs` of the mark), and how many frames showed a change. A command may
 * compute for a while before it moves anything (auto-arrange lays the graph out first) while frames
 * keep coming; that wait is part of its time, not a sign that it did nothing.
 */
export function waitForLayoutToSettle({
  quietMs,
  startMs,
  timeoutMs,
}: {
  quietMs: number;
  startMs: number;
  timeoutMs: number;
}): Promise<{ settledMs: number | null; changedFrames: number; timedOut: boolean }> {
  const page = globalThis as unknown as ProbeWindow;
  const state = page.__nimbusBench!;
  const since = state.markedAt!;
  return new Promise((resolve) => {
    let last = state.markedLayout!;
    let lastChangeAt: number | null = null;
    let changedFrames = 0;
    const frame = () => {
      const now = page.performance.now();
      const current = state.layoutSignature!();
      if (current !== last) {
        last = current;
        lastChangeAt = now;
        changedFrames += 1;
      }
      const timedOut = now - since >= timeoutMs;
      const settled = lastChangeAt === null ? now - since >= startMs : now - lastChangeAt >= quietMs;
      if (settled || timedOut) resolve({ settledMs: lastChangeAt === null ? null : lastChangeAt - since, changedFrames, timedOut });
      else page.requestAnimationFrame(frame);
    };
    page.requestAnimationFrame(frame);
  });
}
