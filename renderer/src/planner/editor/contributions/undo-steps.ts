import { DisposableStore, type Disposable } from '../../../lifecycle/disposable-store';
import type { PlannerCore } from '../planner-core';

export interface UndoSteps extends Disposable {
  undo(): Promise<void>;
  redo(): Promise<void>;
}

/**
 * Every gesture starts an undo step of its own (picking a node or a wire's end), and undo and redo run
 * one after the other (see history-steps.ts).
 */
export function installUndoSteps(core: PlannerCore): UndoSteps {
  const { history, steps } = core;
  const store = new DisposableStore();
  store.add(
    core.signals.connection.observe((context) => {
      if (context.type === 'connectionpick') steps.beginStep();
    }),
  );
  store.add(
    core.signals.area.observe((context) => {
      if (context.type === 'nodepicked') steps.beginStep();
    }),
  );
  return {
    async undo() {
      await steps.inTurn(() => history.undo());
      core.notify(true);
    },
    async redo() {
      await steps.inTurn(() => history.redo());
      core.notify(true);
    },
    dispose: () => store.dispose(),
  };
}
