import { toDisposable, type Disposable } from '../../../lifecycle/disposable-store';
import { createRubberBand } from '../../selection/rubber-band';
import { boxesInRect } from '../../selection/selection-rect';
import type { PlannerCore } from '../planner-core';
import type { Selection } from './selection';
import type { ViewportReveal } from './viewport-reveal';

/** Shift+drag on empty canvas draws a rectangle that adds the nodes in it to the selection. */
export function installRubberBand(core: PlannerCore, selection: Selection, view: ViewportReveal): Disposable {
  const band = createRubberBand(core.container, {
    toCanvas: (clientX, clientY) => view.toCanvas(clientX, clientY),
    onSelect: (rect) => void selection.selectNodes(boxesInRect(rect, core.nodeBoxes()), true),
  });
  return toDisposable(() => band.destroy());
}
