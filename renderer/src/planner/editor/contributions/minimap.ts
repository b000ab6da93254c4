import { DisposableStore, toDisposable, type Disposable } from '../../../lifecycle/disposable-store';
import { createMinimap } from '../../minimap/minimap';
import type { PlannerCore } from '../planner-core';

export interface Minimap extends Disposable {
  readonly visible: boolean;
  toggle(): void;
}

const STRUCTURE = ['nodecreated', 'noderemoved', 'connectioncreated', 'connectionremoved'];
const VIEW = ['nodetranslated', 'translated', 'zoomed', 'resized'];

/** The minimap in the canvas' corner, redrawn when nodes, frames or the view change. */
export function installMinimap(core: PlannerCore): Minimap {
  const { area, container, screen } = core;
  const store = new DisposableStore();
  const minimap = createMinimap(container, {
    nodes: () => core.nodeBoxes(),
    screen: () => screen,
    frames: () => core.frames.map((frame) => ({ ...frame.position, ...frame.size })),
    transform: () => area.area.transform,
    centerOn(x, y) {
      const { k } = area.area.transform;
      void area.area.translate(container.clientWidth / 2 - x * k, container.clientHeight / 2 - y * k);
    },
  });
  store.add(toDisposable(() => minimap.destroy()));
  store.add(
    core.signals.editor.observe((context) => {
      if (STRUCTURE.includes(context.type)) minimap.schedule();
    }),
  );
  store.add(
    core.signals.area.observe((context) => {
      if (VIEW.includes(context.type)) minimap.schedule();
    }),
  );
  store.add(core.signals.frames.observe(() => minimap.schedule()));
  return {
    get visible() {
      return minimap.visible;
    },
    toggle() {
      minimap.setVisible(!minimap.visible);
      core.notify(false);
    },
    dispose: () => store.dispose(),
  };
}
