import type { OutboxEntryView } from '../../../engine/api/contract';

/** What a queued change does, for people: a short name of the action and one line of what it changes. */
export interface ChangeDescription {
  action: string;
  summary: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A string field of the change's input, or undefined when the input has none (or not a string). */
function text(input: unknown, key: string): string | undefined {
  if (!isRecord(input)) return undefined;
  const value = input[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function number(input: unknown, key: string): number | undefined {
  if (!isRecord(input)) return undefined;
  const value = input[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The first line of a changelog, shortened: enough to recognise the version. */
function firstLine(value: string | undefined, max = 80): string | undefined {
  if (value === undefined) return undefined;
  const line = value.split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Names the app knows for ids a change refers to (pools are named by id in an allocation). */
export interface NameLookup {
  pools?: ReadonlyMap<string, string>;
}

/**
 * Says what an outbox entry changes on the server in words a person understands: "Allocate an address
 * in pool corp-apps for build-agent-7", "Publish component web-vm (Adds the disk_gb input)". A pool
 * whose name is not known (offline) is named by its id; a method this build does not describe is
 * named as it is, so nothing is hidden.
 */
export function describeChange(entry: Pick<OutboxEntryView, 'method' | 'input'>, names: NameLookup = {}): ChangeDescription {
  const { method, input } = entry;
  switch (method) {
    case 'allocateIp': {
      const ref = text(input, 'pool');
      const pool = ref === undefined ? 'an unnamed pool' : (names.pools?.get(ref) ?? ref);
      const owner = text(input, 'owner');
      const value = text(input, 'value');
      const prefix = number(input, 'prefix');
      const what = value ? `Reserve ${value}` : prefix !== undefined ? `Allocate a /${prefix} subnet` : 'Allocate an address';
      return { action: 'IP allocation', summary: `${what} in pool ${pool}${owner ? ` for ${owner}` : ''}` };
    }
    case 'publishComponent': {
      const changelog = firstLine(text(input, 'changelog'));
      return {
        action: 'Component publish',
        summary: `Publish component ${text(input, 'name') ?? '(unnamed)'}${changelog ? ` (${changelog})` : ''}`,
      };
    }
    case 'publishStack': {
      const changelog = firstLine(text(input, 'changelog'));
      return {
        action: 'Stack publish',
        summary: `Publish stack ${text(input, 'name') ?? '(unnamed)'}${changelog ? ` (${changelog})` : ''}`,
      };
    }
    default:
      return { action: method, summary: `Call ${method} on the server` };
  }
}
