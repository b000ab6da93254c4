import { SERVER_WORK_METHODS, type OutboxEntryView, type ProvisionalValue, type SyncStatus } from '../api/schemas/sync.js';
import { NimbusError } from '../errors.js';
import { excerpt } from '../text/excerpt.js';
import { arg, call, emit, str, type CommandContext, type Command } from './command-support.js';
import { UsageError } from './usage-error.js';
import { confirmed } from './deploy-commands.js';
import { table } from './format.js';

/** The outbox is this machine's: refused, with the way to reach it, when the command would go to a server. */
function requireLocal(context: CommandContext): void {
  if (context.backend.kind === 'server')
    throw new NimbusError(
      'local_only',
      `nimbus sync works on the outbox of this machine's data directory, not on the server ${context.backend.location}; add --local (or --data DIR)`,
      { command: 'sync' },
    );
}

const CONNECTION_WORDS: Record<SyncStatus['connection'], string> = {
  local: 'not connected to a server (nothing is sent)',
  online: 'online',
  offline: 'offline: the server does not answer; waiting changes are sent by themselves when it does',
  signed_out: 'the server no longer accepts the session: sign in again in the app',
};

/** A server's message on one table line: control characters as spaces, at most `max` characters. */
function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced.
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Values drawn offline from leases: one line of counts, and a table of those the server refused
 * (which value changed, why, and what the node drew instead).
 */
function provisionalText(values: ProvisionalValue[]): string {
  const waiting = values.filter((value) => value.status === 'provisional').length;
  const refused = values.filter((value) => value.status === 'refused');
  const line = `Provisional: ${waiting} value${waiting === 1 ? '' : 's'} drawn offline wait for the server; ${refused.length} refused`;
  if (refused.length === 0) return `${line}\n`;
  return `${line} (resolved again):\n${table(
    ['ENVIRONMENT', 'NODE', 'INPUT', 'WAS', 'NOW', 'WHY'],
    refused.map((value) => [
      value.environment,
      value.label,
      value.field,
      value.value,
      value.replacedBy ?? '(on the next plan)',
      oneLine(value.reason ?? value.outcome ?? '-', 100),
    ]),
  )}`;
}

/** What the desktop keeps of the server's data for offline browsing, and its leases for offline planning. */
function replicaLines(replica: NonNullable<SyncStatus['replica']>): string[] {
  const lines = [
    `Replica:     ${replica.records} ${replica.records === 1 ? 'answer' : 'answers'} kept (${replica.topologies} ${replica.topologies === 1 ? 'topology' : 'topologies'}), synced ${replica.syncedAt ?? 'never'}`,
  ];
  if (replica.lastError) lines.push(`Replica error: ${replica.lastError.code}: ${oneLine(replica.lastError.message, 300)}`);
  if (replica.leases)
    lines.push(
      `Leases:      ${replica.leases.held} live in ${replica.leases.environments} ${replica.leases.environments === 1 ? 'environment' : 'environments'}${replica.leases.note ? ` (${oneLine(replica.leases.note, 200)})` : ''}`,
    );
  return lines;
}

function statusText(status: SyncStatus, entries: OutboxEntryView[]): string {
  const lines = [
    `Server:      ${status.serverUrl ?? '-'}`,
    `Connection:  ${CONNECTION_WORDS[status.connection]}`,
    `Waiting:     ${status.waiting}`,
    `Dead:        ${status.dead}${status.dead > 0 ? ' (nimbus sync retry ID, or nimbus sync discard ID)' : ''}`,
    `Last sync:   ${status.lastSyncAt ?? 'never'}`,
  ];
  const documents = status.documentsWaiting ?? 0;
  if (documents > 0)
    lines.push(
      `Topologies:  ${documents} shared ${documents === 1 ? 'topology' : 'topologies'} with edits waiting (sent by the app or nimbus serve while connected)`,
    );
  if (status.nextAttemptAt) lines.push(`Next try:    ${status.nextAttemptAt}`);
  if (status.lastError) lines.push(`Last error:  ${status.lastError.code}: ${oneLine(status.lastError.message, 300)}`);
  if (status.replica) lines.push(...replicaLines(status.replica));
  const open = entries.filter((entry) => entry.status === 'waiting' || entry.status === 'sending' || entry.status === 'dead');
  if (open.length === 0) return `${lines.join('\n')}\n`;
  return `${lines.join('\n')}\n\n${table(
    ['ID', 'STATUS', 'METHOD', 'ATTEMPTS', 'QUEUED', 'ERROR'],
    open.map((entry) => [
      entry.id,
      entry.status,
      entry.method,
      entry.attempts,
      entry.createdAt,
      entry.lastError ? `${entry.lastError.code}: ${oneLine(entry.lastError.message, 80)}` : '-',
    ]),
  )}`;
}

/** `nimbus sync …`: the outbox of changes this machine keeps for the shared server it is connected to. */
export const SYNC_COMMANDS: Command[] = [
  {
    words: ['sync', 'status'],
    usage: 'nimbus sync status [--json]',
    summary: 'Whether the shared server is reached, what waits in the outbox, and the dead letters',
    options: [],
    async run(context) {
      requireLocal(context);
      const status = await call(context.backend, 'syncStatus', {});
      const entries = await call(context.backend, 'listOutbox', { status: ['waiting', 'sending', 'dead'] });
      const provisional = await call(context.backend, 'listProvisionalValues', { status: ['provisional', 'refused'] });
      return emit(context, { ...status, entries, provisional }, () => `${statusText(status, entries)}${provisionalText(provisional)}`);
    },
  },
  {
    words: ['sync', 'now'],
    usage: 'nimbus sync now [--json]',
    summary: 'Send the waiting changes to the shared server now, without waiting for their pauses to end',
    options: [],
    async run(context) {
      requireLocal(context);
      const status = await call(context.backend, 'syncNow', {});
      const entries = await call(context.backend, 'listOutbox', { status: ['waiting', 'sending', 'dead'] });
      emit(context, { ...status, entries }, () => statusText(status, entries));
      return status.waiting === 0 ? 0 : 1;
    },
  },
  {
    words: ['sync', 'retry'],
    usage: 'nimbus sync retry ID',
    summary: 'Send a dead letter again (its attempts start over, with the same idempotency key)',
    options: [],
    async run(context) {
      requireLocal(context);
      const entry = await call(context.backend, 'retryOutboxEntry', { id: arg(context.args, 0, 'the outbox entry ID') });
      return emit(context, entry, () => `${entry.method} (${entry.id}) is ${entry.status}${entry.status === 'applied' ? '' : ' again'}.\n`);
    },
  },
  {
    words: ['sync', 'queue'],
    usage: "nimbus sync queue METHOD [--input '{json}']",
    summary: 'Queue a deploy, destroy or day-2 operation to start on the shared server once it answers again',
    options: ['input'],
    async run(context) {
      requireLocal(context);
      const method = arg(context.args, 0, `the method (${SERVER_WORK_METHODS.join(', ')})`);
      if (!(SERVER_WORK_METHODS as readonly string[]).includes(method))
        throw new UsageError(`Only work the server does can wait for it: ${SERVER_WORK_METHODS.join(', ')}`);
      const text = str(context.options, 'input') ?? '{}';
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch {
        throw new UsageError(`--input must be a JSON object, e.g. --input '{"environment":"dev","topology":"web"}'`);
      }
      const entry = await call(context.backend, 'queueForServer', {
        method: method as (typeof SERVER_WORK_METHODS)[number],
        input: input as Record<string, unknown>,
      });
      return emit(
        context,
        entry,
        () => `${entry.method} waits in the outbox (${entry.id}); it is sent by itself when the server answers.\n`,
      );
    },
  },
  {
    words: ['sync', 'discard'],
    usage: 'nimbus sync discard ID [--yes]',
    summary: 'Give a waiting or dead change up: it is never sent, and stays listed as discarded',
    options: ['yes'],
    async run(context) {
      requireLocal(context);
      const id = arg(context.args, 0, 'the outbox entry ID');
      const entries = await call(context.backend, 'listOutbox', {});
      const entry = entries.find((candidate) => candidate.id === id);
      if (!entry)
        throw new NimbusError('not_found', `No outbox entry has the id ${excerpt(id)} (nimbus sync status lists them)`, {
          id: excerpt(id),
        });
      const question =
        `Discard ${entry.method} (queued ${entry.createdAt} for ${entry.serverUrl})? The server never receives this change; ` +
        'what it would have done there (the address, the published version, …) is lost, and you must make it again if you still want it.';
      if (!(await confirmed(context, question))) {
        context.io.out('Nothing was discarded.\n');
        return 1;
      }
      const discarded = await call(context.backend, 'discardOutboxEntry', { id });
      return emit(context, discarded, () => `${discarded.method} (${discarded.id}) is discarded; it stays listed for the record.\n`);
    },
  },
];
