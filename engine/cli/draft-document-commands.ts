import type { DraftConflictView } from '../api/schemas/draft-documents.js';
import { arg, call, emit, required, type Command } from './command-support.js';
import { table } from './format.js';
import { conflictCell, conflictPath } from './topology-document-commands.js';

type Kind = 'component' | 'stack';

function conflictsText(kind: Kind, name: string, conflicts: readonly DraftConflictView[]): string {
  if (conflicts.length === 0) return `No conflicts in the draft of ${kind} ${name}.\n`;
  const blocks = conflicts.map((conflict) => {
    const rows = conflict.values.map((value, index) => [
      index === 0 ? '*' : ' ',
      conflictCell(value.value),
      value.userName ?? value.userId ?? value.actor.slice(0, 16),
      value.id,
    ]);
    return `${conflict.path.join('/')}\n${table(['', 'VALUE', 'BY', 'VALUE ID'], rows)}`;
  });
  const count = `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}`;
  return `${count} in the draft of ${kind} ${name}; * marks the value shown now.\n\n${blocks.join('\n')}\nKeep one: nimbus ${kind} resolve ${name} --path PATH --value 'VALUE ID'\n`;
}

/** `nimbus component|stack conflicts|resolve`: fields of a shared draft set differently on two replicas at once. */
function draftCommands(kind: Kind): Command[] {
  const get = kind === 'component' ? 'getComponent' : 'getStack';
  const resolve = kind === 'component' ? 'resolveComponentDraftConflict' : 'resolveStackDraftConflict';
  return [
    {
      words: [kind, 'conflicts'],
      usage: `nimbus ${kind} conflicts NAME [--json]`,
      summary: `Fields of a shared ${kind} draft set differently on two replicas at once, each value with who set it`,
      options: [],
      async run(context) {
        const name = arg(context.args, 0, `${kind} NAME`);
        const detail = await call(context.backend, get, { name });
        const conflicts = detail.draftSync?.conflicts ?? [];
        return emit(context, { name, conflicts }, () => conflictsText(kind, name, conflicts));
      },
    },
    {
      words: [kind, 'resolve'],
      usage: `nimbus ${kind} resolve NAME --path a/b/c --value VALUE_ID [--json]`,
      summary: `Keep one value of a conflict in a ${kind} draft (see nimbus ${kind} conflicts); every replica gets the choice`,
      options: ['path', 'value'],
      async run(context) {
        const name = arg(context.args, 0, `${kind} NAME`);
        const path = conflictPath(required(context.options, 'path'));
        const valueId = required(context.options, 'value');
        const detail = await call(context.backend, resolve, { name, path, valueId });
        const left = detail.draftSync?.conflicts.length ?? 0;
        return emit(
          context,
          detail,
          () =>
            `Kept value ${valueId} at ${path.join('/')} in the draft of ${kind} ${name}; ${left === 0 ? 'no conflicts left' : `${left} conflict(s) left`}.\n`,
        );
      },
    },
  ];
}

/** The conflict commands of component and stack drafts. */
export const DRAFT_DOCUMENT_COMMANDS: Command[] = [...draftCommands('component'), ...draftCommands('stack')];
