import type { AuditEntry } from '../api/schemas/audit.js';
import { call, emit, integer, str, type Command, type CommandContext } from './command-support.js';
import { deliver } from './file-commands.js';
import { table } from './format.js';
import { UsageError } from './usage-error.js';

const FILTER_OPTIONS = ['actor', 'action', 'entity', 'id', 'since', 'until'];
const PAGE = 1000;

/** The audit filter given on the command line. */
function filterOf(context: CommandContext): {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  since?: string;
  until?: string;
} {
  const time = (name: string) => {
    const value = str(context.options, name);
    if (value === undefined) return undefined;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime()))
      throw new UsageError(`--${name} must be a date or time (e.g. 2026-12-01 or 2026-12-01T08:00:00Z), got ${value}`);
    return parsed.toISOString();
  };
  const filter = {
    actor: str(context.options, 'actor'),
    action: str(context.options, 'action'),
    entity: str(context.options, 'entity'),
    entityId: str(context.options, 'id'),
    since: time('since'),
    until: time('until'),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/** Every audit entry matching `filter`, newest first, read a page at a time. */
async function allEntries(context: CommandContext, filter: ReturnType<typeof filterOf>): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (;;) {
    const last = entries.at(-1);
    const page = await call(context.backend, 'listAuditEntries', { ...filter, limit: PAGE, ...(last ? { beforeId: last.id } : {}) });
    entries.push(...page);
    if (page.length < PAGE) return entries;
  }
}

/** Commands that read the audit log. */
export const AUDIT_COMMANDS: Command[] = [
  {
    words: ['audit', 'list'],
    usage: 'nimbus audit list [--actor A] [--action X] [--entity E] [--id ID] [--since TIME] [--until TIME] [--limit N]',
    summary: 'Who changed what and when, newest first (default 50 entries)',
    options: [...FILTER_OPTIONS, 'limit'],
    async run(context) {
      const limit = integer(str(context.options, 'limit'), 'limit') ?? 50;
      if (limit < 1 || limit > 1000) throw new UsageError('--limit must be between 1 and 1000');
      const entries = await call(context.backend, 'listAuditEntries', { ...filterOf(context), limit });
      return emit(context, entries, () =>
        entries.length === 0
          ? 'No audit entries match.\n'
          : table(
              ['TIME', 'ACTOR', 'ACTION', 'ENTITY', 'ID', 'REQUEST'],
              entries.map((entry) => [entry.at, entry.actor, entry.action, entry.entity, entry.entityId, entry.requestId ?? '-']),
            ),
      );
    },
  },
  {
    words: ['audit', 'export'],
    usage: 'nimbus audit export [--out FILE] [--actor A] [--action X] [--entity E] [--id ID] [--since TIME] [--until TIME]',
    summary: 'Every matching audit entry as JSON lines, oldest first (to stdout, or written whole to FILE)',
    options: [...FILTER_OPTIONS, 'out'],
    async run(context) {
      const entries = (await allEntries(context, filterOf(context))).reverse();
      const text = entries.map((entry) => JSON.stringify(entry)).join('\n') + (entries.length ? '\n' : '');
      return deliver(context, text, `${entries.length} audit entries`);
    },
  },
];
