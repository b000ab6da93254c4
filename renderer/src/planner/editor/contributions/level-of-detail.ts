import { DisposableStore, type Disposable } from '../../../lifecycle/disposable-store';
import { createViewCulling } from '../../view-culling';
import { createViewportMotion } from '../../viewport-motion';
import type { PlannerCore } from '../planner-core';

/** Below this zoom the canvas draws nodes without their details. */
export const FAR_ZOOM = 0.45;

const CULLED_ON = ['nodetranslated', 'translated', 'zoomed', 'resized', 'rendered'];

/**
 * Drawing less is what keeps panning a large canvas smooth: what is off screen is hidden (view
 * culling), a panning view is one compositor layer (viewport motion), and zoomed far out, node ports,
 * values and meta are too small to read, so they are not painted (visibility, not display: boxes and
 * socket positions stay exactly where they are).
 */
export function installLevelOfDetail(core: PlannerCore): Disposable {
  const { area, container, detail, editor } = core;
  const store = new DisposableStore();
  const motion = createViewportMotion(area.area.content.holder);
  store.add(motion);
  const culling = createViewCulling({
    screen: () => core.screen,
    transform: () => area.area.transform,
    nodes: () =>
      editor.getNodes().flatMap((node) => {
        const view = area.nodeViews.get(node.id);
        return view ? [{ id: node.id, box: { ...view.position, width: node.width, height: node.height }, element: view.element }] : [];
      }),
    shown: (id) => {
      const node = editor.getNode(id);
      if (node) detail.shown(node);
    },
    wires: () => core.plainWires.drawn(),
  });
  store.add(culling);

  const showDetailFor = (scale: number): void => {
    const far = scale < FAR_ZOOM;
    detail.setFar(far);
    if ((container.dataset['zoom'] === 'far') !== far) container.dataset['zoom'] = far ? 'far' : 'near';
  };

  store.add(core.signals.wireDrawn.observe(() => culling.schedule()));
  store.add(
    core.signals.area.observe((context) => {
      if (context.type === 'zoomed') showDetailFor(area.area.transform.k);
      if (context.type === 'translated') motion.moved();
      if (CULLED_ON.includes(context.type)) culling.schedule();
    }),
  );
  return store;
}
