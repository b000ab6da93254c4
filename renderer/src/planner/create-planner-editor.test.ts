import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBrowser, FakeElement } from './__fixtures__/fake-dom';

// The editor is built on a fake DOM (see fake-dom.ts): enough to install every contribution and take
// it down again, and to count what it leaves. Behaviour is covered by the planner's e2e specs.

let browser: ReturnType<typeof createFakeBrowser>;

beforeEach(() => {
  browser = createFakeBrowser();
  for (const [name, value] of Object.entries(browser.globals)) vi.stubGlobal(name, value);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const pointer = (type: string, init: { button?: number } = {}) =>
  Object.assign(new Event(type), {
    button: init.button ?? 0,
    clientX: 10,
    clientY: 10,
    pointerType: 'mouse',
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
  });

function find(root: FakeElement, className: string): FakeElement {
  if (root.className === className) return root;
  for (const child of root.children) {
    const found = find(child, className);
    if (found.className === className) return found;
  }
  return root;
}

async function build() {
  const { createPlannerEditor } = await import('./create-planner-editor');
  const container = new FakeElement('div');
  browser.document.body.appendChild(container);
  const changes: boolean[] = [];
  const editor = createPlannerEditor(container as unknown as HTMLElement, {
    contracts: { get: async () => null },
    onChange: ({ documentChanged }) => changes.push(documentChanged),
  });
  return { editor, container, changes };
}

describe('createPlannerEditor', () => {
  it('leaves no listener, frame, timer or observer behind once destroyed', async () => {
    const empty = browser.held(new FakeElement('div'));
    const { editor, container } = await build();
    const open = browser.held(container);
    // It did hold something, so the count below can see a leak.
    expect(open.window.length).toBeGreaterThan(0);
    expect(open.container.length).toBeGreaterThan(0);

    // Use it: a frame, the minimap, a press held while a reveal waits for its release, a change report pending.
    await editor.addFrame();
    editor.toggleMinimap();
    container.dispatchEvent(pointer('pointerdown'));
    await editor.revealSelection();
    browser.window.dispatchEvent(pointer('pointerup'));
    editor.setOverlay({ nodes: {}, wires: {} });
    expect(browser.held(container).frames).toBeGreaterThan(0);

    editor.destroy();
    expect(browser.held(container)).toEqual(empty);
    // Idempotent: a second destroy neither throws nor reports anything.
    expect(() => editor.destroy()).not.toThrow();
  });

  it('reports no change after it was destroyed', async () => {
    const { editor, changes } = await build();
    editor.toggleMinimap();
    editor.destroy();
    browser.runFrames();
    expect(changes).toEqual([]);
  });

  it('takes a frame drag under way down with it', async () => {
    const empty = browser.held(new FakeElement('div'));
    const { editor, container } = await build();
    await editor.addFrame();
    const bar = find(container, 'planner-frame__bar');
    const before = browser.held(container).window.length;
    bar.dispatchEvent(pointer('pointerdown'));
    expect(browser.held(container).window.length).toBeGreaterThan(before);
    editor.destroy();
    expect(browser.held(container)).toEqual(empty);
  });
});
