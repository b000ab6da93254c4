/** What the first-run checklist looks at, all of it already on the planner's screen. */
export interface ChecklistFacts {
  nodeCount: number;
  connectionCount: number;
  /** The canvas plans without a problem in the chosen environment. */
  planValid: boolean;
  /** The plan panel has shown a valid plan at least once. */
  planSeen: boolean;
  /** Something of this topology is deployed in the chosen environment. */
  deployed: boolean;
}

export type ChecklistItemId = 'add' | 'wire' | 'plan' | 'deploy';

export interface ChecklistItem {
  id: ChecklistItemId;
  label: string;
  /** How to do it: the place or the shortcut. */
  hint: string;
  done: boolean;
}

/**
 * The four steps of a first deploy, each ticked off by what is on the screen. Wiring counts as done
 * when there is a wire, or when the canvas plans cleanly without one (a lone disk needs no wire).
 */
export function checklistItems(facts: ChecklistFacts): ChecklistItem[] {
  const hasNodes = facts.nodeCount > 0;
  return [
    { id: 'add', label: 'Add a component', hint: 'Click or drag one from the palette (Shift+C)', done: hasNodes },
    {
      id: 'wire',
      label: 'Wire outputs to inputs',
      hint: 'Drag from an output socket to an input (a machine needs a network)',
      done: facts.connectionCount > 0 || (hasNodes && facts.planValid),
    },
    { id: 'plan', label: 'Check the plan', hint: 'Resolved values and waves (Shift+P)', done: facts.planSeen || facts.deployed },
    { id: 'deploy', label: 'Deploy', hint: 'Deploy… in the toolbar (Ctrl+Shift+D)', done: facts.deployed },
  ];
}

const KEY = 'nimbus.planner.firstRunChecklist';

/** Whether the checklist is showing: set when a sandbox is set up from the offer, cleared when closed. */
export const checklistStorage = {
  isOpen(): boolean {
    try {
      return window.localStorage.getItem(KEY) === 'open';
    } catch {
      return false;
    }
  },
  set(open: boolean): void {
    try {
      window.localStorage.setItem(KEY, open ? 'open' : 'closed');
    } catch {
      // Showing the checklist again after a reload is a convenience only.
    }
  },
};
