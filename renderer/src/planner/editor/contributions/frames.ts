import { getUID } from 'rete';
import type { TopologyFrame } from '../../../../../engine/api/schemas/topology';
import { DisposableStore, toDisposable, type Disposable } from '../../../lifecycle/disposable-store';
import { createFrameLayer } from '../../frames/frame-layer';
import { frameAround, nextFrameLabel, nodesInFrame } from '../../frames/frame-membership';
import { restampSince } from '../../history-step';
import { NodeEditAction } from '../../node-edit-action';
import type { Position } from '../../planner-node';
import type { PlannerCore } from '../planner-core';
import type { ViewportReveal } from './viewport-reveal';

export interface Frames extends Disposable {
  /** Shows `frames` as they are in a document just loaded (no undo step, no change reported). */
  replace(frames: readonly TopologyFrame[]): void;
  /** Adds a frame around the selection, or in the middle of the view, as one undoable step. */
  add(): Promise<TopologyFrame>;
  rename(id: string, label: string): Promise<void>;
  /** Deletes a frame; its nodes stay. */
  remove(id: string): Promise<void>;
}

/**
 * Frames: rectangles behind the nodes (`core.frames`), moved with the nodes they hold, resized,
 * renamed and removed, each edit one undo step.
 */
export function installFrames(core: PlannerCore, view: ViewportReveal): Frames {
  const { area, editor, history, steps } = core;
  const store = new DisposableStore();

  const showFrames = (next: readonly TopologyFrame[]): void => {
    core.frames = next;
    layer.render(next);
    core.signals.frames.emit();
    core.notify(true);
  };
  const editFrames = async (next: readonly TopologyFrame[]): Promise<void> => {
    const before = core.frames;
    await steps.asStep(async () => {
      history.add(new NodeEditAction((value: readonly TopologyFrame[]) => showFrames(value), before, next));
      showFrames(next);
      await Promise.resolve();
    });
  };

  const gesture: { before: readonly TopologyFrame[]; members: Map<string, Position>; from: number } = {
    before: [],
    members: new Map(),
    from: 0,
  };
  const startGesture = (id: string, carryNodes: boolean): void => {
    steps.beginStep();
    core.selector.release();
    const frame = core.frames.find((entry) => entry.id === id);
    const members =
      frame && carryNodes
        ? nodesInFrame(
            frame,
            editor.getNodes().map((node) => ({ id: node.id, position: core.positionOf(node.id) })),
          )
        : [];
    gesture.before = core.frames;
    gesture.members = new Map(members.map((nodeId) => [nodeId, core.positionOf(nodeId)]));
    gesture.from = history.getHistorySnapshot().length;
  };
  const endGesture = (): void => {
    if (core.frames !== gesture.before) {
      history.add(new NodeEditAction((value: readonly TopologyFrame[]) => showFrames(value), gesture.before, core.frames));
      restampSince(history, gesture.from);
    }
    steps.beginStep();
    gesture.members = new Map();
    core.notify(true);
  };
  /** Moves a frame and the nodes it held when the gesture began by (dx, dy) from where they were then. */
  const moveBy = async (id: string, dx: number, dy: number): Promise<void> => {
    const start = gesture.before.find((entry) => entry.id === id);
    if (!start) return;
    showFrames(
      core.frames.map((entry) =>
        entry.id === id ? { ...entry, position: { x: start.position.x + dx, y: start.position.y + dy } } : entry,
      ),
    );
    for (const [nodeId, position] of gesture.members) await area.translate(nodeId, { x: position.x + dx, y: position.y + dy });
  };

  const rename = async (id: string, label: string): Promise<void> => {
    const frame = core.frames.find((entry) => entry.id === id);
    if (!frame || frame.label === label) {
      layer.render(core.frames);
      return;
    }
    await editFrames(core.frames.map((entry) => (entry.id === id ? { ...entry, label } : entry)));
  };
  const remove = async (id: string): Promise<void> => {
    if (!core.frames.some((entry) => entry.id === id)) return;
    await editFrames(core.frames.filter((entry) => entry.id !== id));
  };

  // Read only, a frame stays where it is: its gestures and keys change nothing (see `core.readOnly`).
  const frozen = (): boolean => core.readOnly !== null;
  const layer = createFrameLayer(area.area.content.holder, {
    scale: () => area.area.transform.k,
    moveStart: (id) => startGesture(id, true),
    move(id, dx, dy) {
      if (!frozen()) void moveBy(id, dx, dy);
    },
    moveEnd: endGesture,
    nudge(id, dx, dy) {
      if (frozen()) return;
      // One undo step per key press.
      void steps.inTurn(async () => {
        startGesture(id, true);
        await moveBy(id, dx, dy);
        endGesture();
      });
    },
    resizeStart: (id) => startGesture(id, false),
    resize(id, width, height) {
      if (frozen()) return;
      showFrames(core.frames.map((entry) => (entry.id === id ? { ...entry, size: { width, height } } : entry)));
    },
    resizeEnd: endGesture,
    rename: (id, label) => (frozen() ? layer.render(core.frames) : void rename(id, label)),
    remove: (id) => {
      if (!frozen()) void remove(id);
    },
  });
  store.add(toDisposable(() => layer.destroy()));

  return {
    replace(frames) {
      core.frames = frames;
      layer.render(frames);
    },
    async add() {
      const selected = core.selectedNodes();
      const center = view.visibleCenter();
      const around = frameAround(selected.map((node) => ({ ...core.positionOf(node.id), width: node.width, height: node.height }))) ?? {
        position: { x: Math.round(center.x - 200), y: Math.round(center.y - 150) },
        size: { width: 400, height: 300 },
      };
      const frame: TopologyFrame = { id: getUID(), label: nextFrameLabel(core.frames), ...around };
      await editFrames([...core.frames, frame]);
      return frame;
    },
    rename,
    remove,
    dispose: () => store.dispose(),
  };
}
