import { normalizeIssuePath } from '../model/issue-paths';

/** A problem placed on the diagram: which field of the state or transition it names ('' for the whole). */
export interface PlacedProblem {
  field: string;
  message: string;
}

export interface DiagramProblems {
  states: Map<number, PlacedProblem[]>;
  transitions: Map<number, PlacedProblem[]>;
  /** About the machine as a whole (no initial state, several initial states). */
  general: string[];
}

/**
 * Sorts problems onto the states and transitions they name. Paths may come from the whole stack
 * document (`stateMachine.transitions.3.to`) or from the machine alone (`transitions.3.to`); problems
 * about anything else are not the diagram's.
 */
export function placeProblems(problems: readonly { path: string; message: string }[]): DiagramProblems {
  const placed: DiagramProblems = { states: new Map(), transitions: new Map(), general: [] };
  for (const problem of problems) {
    const path = normalizeIssuePath(problem.path);
    const local = path.startsWith('stateMachine.') ? path.slice('stateMachine.'.length) : path === 'stateMachine' ? '' : path;
    if (local === path && /^(slots|parameters|outputs|operations|routing|description)\b/.test(path)) continue;
    const match = /^(states|transitions)\.(\d+)(?:\.(.*))?$/.exec(local);
    if (!match) {
      placed.general.push(problem.message);
      continue;
    }
    const target = match[1] === 'states' ? placed.states : placed.transitions;
    const index = Number(match[2]);
    target.set(index, [...(target.get(index) ?? []), { field: match[3] ?? '', message: problem.message }]);
  }
  return placed;
}

/** Messages about one field (`trigger`, `timeout.target`), or about the whole element when field is ''. */
export function messagesFor(problems: readonly PlacedProblem[] | undefined, field: string): string[] {
  return (problems ?? []).filter((problem) => problem.field === field).map((problem) => problem.message);
}
