import { contract } from '../../api/contract.js';
import type { MethodName } from '../../common/method-names.js';
import { normaliseServerUrl } from '../../remote/server-url.js';
import type { ReplicaScope } from '../../store/ports/replica-records.js';

/** JSON with object keys sorted and undefined members left out: one text for one meaning. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/**
 * The key of one call's input: the input as the method's schema reads it (defaults filled in, so
 * `{}` and `{ format: 'yaml' }` of exportTopology are one), in canonical JSON. An input the schema
 * refuses keys as it was given (the server refused it too, so nothing is kept under it).
 */
export function inputKey(method: MethodName, input: unknown): string {
  const parsed = contract[method].input.safeParse(input ?? {});
  return canonicalJson(parsed.success ? parsed.data : (input ?? {}));
}

/** The scope of a session's answers: the server's normalised address, the tenant and the user, never mixed. */
export function replicaScope(session: { url: string; tenant: string; user: string }): ReplicaScope {
  let serverUrl: string;
  try {
    serverUrl = normaliseServerUrl(session.url);
  } catch {
    serverUrl = session.url;
  }
  return { key: JSON.stringify([serverUrl, session.tenant, session.user]), serverUrl, tenant: session.tenant, user: session.user };
}
