import { DisposableStore, type Disposable } from '../../../lifecycle/disposable-store';
import { EMPTY_CANVAS_MARKS, marksOf, sameMarks, type CanvasMarks } from '../../co-editing/node-marks';
import type { PlannerCore } from '../planner-core';

export interface CoEditingMarks extends Disposable {
  set(marks: CanvasMarks): void;
}

/** Other users' selections and conflict counts drawn on the nodes they concern (new nodes included). */
export function installCoEditingMarks(core: PlannerCore): CoEditingMarks {
  const { area, editor } = core;
  const store = new DisposableStore();
  let marks: CanvasMarks = EMPTY_CANVAS_MARKS;
  store.add(
    core.signals.editor.observe((context) => {
      if (context.type === 'nodecreate') context.data.marks = marksOf(marks, context.data.id);
    }),
  );
  return {
    set(next) {
      marks = next;
      for (const node of editor.getNodes()) {
        const nodeMarks = marksOf(next, node.id);
        if (sameMarks(node.marks, nodeMarks)) continue;
        node.marks = nodeMarks;
        void area.update('node', node.id);
      }
    },
    dispose: () => store.dispose(),
  };
}
