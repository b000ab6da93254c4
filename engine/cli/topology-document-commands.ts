import type { TopologyConflictView } from '../api/schemas/topology-documents.js';
import { arg, call, emit, required, type Command } from './command-support.js';
import { findTopology } from './file-commands.js';
import { jsonText, table } from './format.js';
import { UsageError } from './usage-error.js';

/** A value of a conflict on one table cell: JSON, control characters as spaces, at most 60 characters. */
export function conflictCell(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced.
  const text = (typeof value === 'string' ? value : jsonText(value)).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function conflictsText(name: string, revision: number, conflicts: TopologyConflictView[]): string {
  if (conflicts.length === 0) return `No conflicts in topology ${name} (revision ${revision}).\n`;
  const blocks = conflicts.map((conflict) => {
    const where = `${conflict.path.join('/')}  (${conflict.kind}${conflict.field ? `: ${conflict.field}` : ''} of ${conflict.id})`;
    const rows = conflict.values.map((value, index) => [
      index === 0 ? '*' : ' ',
      conflictCell(value.value),
      value.userName ?? value.userId ?? value.actor.slice(0, 16),
      value.id,
    ]);
    return `${where}\n${table(['', 'VALUE', 'BY', 'VALUE ID'], rows)}`;
  });
  return `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'} in topology ${name} (revision ${revision}); * marks the value shown now.\n\n${blocks.join('\n')}\nKeep one: nimbus topology resolve ${name} --path PATH --value 'VALUE ID'\n`;
}

/** `--path nodes/web/label`, or a JSON array when a segment holds a slash. */
export function conflictPath(text: string): string[] {
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UsageError(`--path ${text} is not a JSON array of strings`);
    }
    if (!Array.isArray(parsed) || parsed.some((segment) => typeof segment !== 'string'))
      throw new UsageError(`--path ${text} is not a JSON array of strings`);
    return parsed as string[];
  }
  const segments = text.split('/');
  if (segments.some((segment) => segment === ''))
    throw new UsageError(`--path must look like nodes/web/label, got ${JSON.stringify(text)}`);
  return segments;
}

/** `nimbus topology conflicts|resolve`: concurrent edits of shared topologies that a merge kept. */
export const TOPOLOGY_DOCUMENT_COMMANDS: Command[] = [
  {
    words: ['topology', 'conflicts'],
    usage: 'nimbus topology conflicts NAME|ID [--json]',
    summary: 'Concurrent edits of one field of a shared topology, each value with who made it',
    options: [],
    async run(context) {
      const topology = await findTopology(context, arg(context.args, 0, 'topology NAME or ID'));
      const listed = await call(context.backend, 'listTopologyConflicts', { id: topology.id });
      return emit(context, listed, () => conflictsText(topology.name, listed.revision, listed.conflicts));
    },
  },
  {
    words: ['topology', 'resolve'],
    usage: 'nimbus topology resolve NAME|ID --path a/b/c --value VALUE_ID [--json]',
    summary: 'Keep one value of a conflict (see nimbus topology conflicts); every replica gets the choice',
    options: ['path', 'value'],
    async run(context) {
      const topology = await findTopology(context, arg(context.args, 0, 'topology NAME or ID'));
      const path = conflictPath(required(context.options, 'path'));
      const valueId = required(context.options, 'value');
      const resolved = await call(context.backend, 'resolveTopologyConflict', { id: topology.id, path, valueId });
      return emit(
        context,
        resolved,
        () =>
          `Kept value ${valueId} at ${path.join('/')} in topology ${topology.name} (revision ${resolved.revision}); ${
            resolved.conflicts.length === 0 ? 'no conflicts left' : `${resolved.conflicts.length} conflict(s) left`
          }.\n`,
      );
    },
  },
];
