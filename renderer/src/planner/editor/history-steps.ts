import type { HistoryPlugin } from 'rete-history-plugin';
import type { PlannerSchemes } from '../schemes';

/** How edits become undo steps. */
export interface HistorySteps {
  /** Closes the current undo step: what follows starts a new one. */
  beginStep(): void;
  /** Runs `edit` as one undo step of its own. */
  asStep(edit: () => Promise<void>): Promise<void>;
  /** Runs `run` after every history operation asked for before it has finished. */
  inTurn<T>(run: () => Promise<T>): Promise<T>;
}

/**
 * The history merges records less than 200 ms apart into one undo step, which would glue a quick
 * "connect, then delete" together: every gesture and command starts a new step instead.
 *
 * Undo, redo and frame nudges run one after the other. The history moves a step to the other list
 * only once the step's actions are done, so a redo asked for while an undo still runs (the canvas
 * shows the restored nodes and wires before the last of its pipes has finished) would find nothing
 * to redo; a nudge closes its step only once its nodes have moved.
 */
export function createHistorySteps(history: HistoryPlugin<PlannerSchemes>): HistorySteps {
  let historyTurn: Promise<unknown> = Promise.resolve();
  const beginStep = (): void => history.separate();
  return {
    beginStep,
    async asStep(edit) {
      beginStep();
      await edit();
      beginStep();
    },
    inTurn(run) {
      const result = historyTurn.then(run);
      historyTurn = result.catch(() => undefined);
      return result;
    },
  };
}
