/** A problem of the draft, at a dotted path into the stack document (`stateMachine.transitions.3.to`). */
export interface StackIssue {
  path: string;
  message: string;
}

/**
 * The engine names problems two ways: checks of the saved draft use dotted paths from the document
 * (`slots.1.inputs.cores`), a refused save names the API input (`document.slots[1].inputs.cores`).
 * One form lets every field find its own problems.
 */
export function normalizeIssuePath(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^document\./, '')
    .replace(/^\./, '');
}

export function normalizeIssues(issues: readonly StackIssue[]): StackIssue[] {
  return issues.map((issue) => ({ path: normalizeIssuePath(issue.path), message: issue.message }));
}

/** Problems at `path` itself or anywhere inside it. */
export function issuesUnder(issues: readonly StackIssue[], path: string): StackIssue[] {
  return issues.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`));
}

/** Problems at exactly `path`. */
export function issuesAt(issues: readonly StackIssue[], path: string): StackIssue[] {
  return issues.filter((issue) => issue.path === path);
}

/** Problems inside `prefix`, with the prefix taken off their paths (`stateMachine.states.2` → `states.2`). */
export function issuesWithin(issues: readonly StackIssue[], prefix: string): StackIssue[] {
  return issuesUnder(issues, prefix).map((issue) => ({
    path: issue.path === prefix ? '' : issue.path.slice(prefix.length + 1),
    message: issue.message,
  }));
}

/** The editor tabs a problem can belong to. */
export type StackArea = 'slots' | 'parameters' | 'machine' | 'lifecycle';

/** Which tab shows the field a problem names, so the problems list can take people there. */
export function areaOfIssue(path: string): StackArea {
  const head = path.split('.')[0] ?? '';
  if (head === 'slots') return 'slots';
  if (head === 'stateMachine') return 'machine';
  if (head === 'operations' || head === 'routing') return 'lifecycle';
  return 'parameters';
}

/** A short, readable name for where a problem is: `State machine › transition 4 › to`. */
export function describeIssuePath(path: string): string {
  if (path === '') return 'Stack';
  const parts = path.split('.');
  const labels: string[] = [];
  const named: Record<string, string> = {
    slots: 'Slots',
    stateMachine: 'State machine',
    operations: 'Operations',
    routing: 'Routing',
    parameters: 'Parameters',
    outputs: 'Outputs',
    description: 'Description',
    states: 'states',
    transitions: 'transitions',
    steps: 'steps',
    inputs: 'inputs',
  };
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index] ?? '';
    const next = parts[index + 1];
    if (next !== undefined && /^\d+$/.test(next) && ['slots', 'states', 'transitions', 'operations', 'routing', 'steps'].includes(part)) {
      const singular =
        { slots: 'slot', states: 'state', transitions: 'transition', operations: 'operation', routing: 'rule', steps: 'step' }[part] ??
        part;
      labels.push(`${index === 0 ? named[part] + ' › ' : ''}${singular} ${Number(next) + 1}`);
      index += 1;
    } else labels.push(named[part] ?? part);
  }
  return labels.join(' › ');
}
