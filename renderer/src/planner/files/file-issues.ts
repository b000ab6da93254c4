/** One problem `validateTopologyFile` found, as the engine reports it. */
export interface TopologyFileIssue {
  path: string;
  message: string;
  node?: string | undefined;
  line?: number | undefined;
}

/** An issue as one line a person can act on: `Line 4 · node web: unknown component`. */
export function describeFileIssue(issue: TopologyFileIssue): string {
  const where = [
    issue.line !== undefined ? `Line ${issue.line}` : null,
    issue.node ? `node ${issue.node}` : null,
    !issue.node && issue.path ? issue.path : null,
  ].filter(Boolean);
  return where.length > 0 ? `${where.join(' · ')}: ${issue.message}` : issue.message;
}

/** The file types Open… accepts, for the file input. */
export const TOPOLOGY_FILE_ACCEPT = '.yaml,.yml,.json,application/json,application/yaml,text/yaml';
