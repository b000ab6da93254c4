/**
 * Resource-style paths of the HTTP API beside `POST /api/v1/{method}`, for integrations that expect
 * them (a dead-letter queue to poll and act on). Each maps onto one contract method, so the same
 * dispatcher, permission check, validation, audit and error envelope apply; query parameters become
 * the method's input (numbers where the schema wants numbers), and unknown ones are refused by it.
 */
import type { MethodName } from '../common/method-names.js';
import type { JsonObject } from './openapi.js';

/** A path's method and input, or the HTTP methods the path takes when it was called with another. */
export type RestMatch = { method: MethodName; input: Record<string, unknown> } | { allow: string };

/** Query parameters whose values are whole numbers. */
const NUMERIC = new Set(['limit']);

function query(search: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of search) input[key] = NUMERIC.has(key) && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return input;
}

/** The paths, relative to `/api/v1`, with the method each maps to. */
export const REST_ROUTES = [
  {
    http: 'GET',
    path: '/notifications',
    method: 'listNotifications',
    summary: "The tenant's notifications (?status=&channelKind=&limit=)",
  },
  { http: 'GET', path: '/dlq', method: 'listDeadLetters', summary: 'Dead letters (?limit=)' },
  { http: 'POST', path: '/dlq/{id}/retry', method: 'retryDeadLetter', summary: 'Send a dead letter again' },
  { http: 'POST', path: '/dlq/{id}/discard', method: 'discardDeadLetter', summary: 'Give up on a dead letter (kept as discarded)' },
] as const satisfies readonly { http: string; path: string; method: MethodName; summary: string }[];

/** Matches a path below `/api/v1` (e.g. `/dlq/abc/retry`); undefined when it is none of {@link REST_ROUTES}. */
export function matchRestRoute(httpMethod: string, path: string, search: URLSearchParams): RestMatch | undefined {
  for (const route of REST_ROUTES) {
    const pattern = new RegExp(`^${route.path.replace('{id}', '([^/]+)')}$`);
    const found = pattern.exec(path);
    if (!found) continue;
    if (httpMethod !== route.http) return { allow: route.http };
    let id: string | undefined;
    try {
      id = found[1] === undefined ? undefined : decodeURIComponent(found[1]);
    } catch {
      id = found[1];
    }
    return { method: route.method, input: { ...query(search), ...(id !== undefined ? { id } : {}) } };
  }
  return undefined;
}

/** The OpenAPI path items of the resource-style paths. */
export function restRoutePaths(describe: (method: MethodName) => JsonObject): JsonObject {
  const paths: JsonObject = {};
  for (const route of REST_ROUTES) {
    // These paths take no body and no idempotency key: their input is the path and the query.
    const { requestBody: _body, parameters: _parameters, ...described } = describe(route.method);
    const operation: JsonObject = { ...described, operationId: `${route.method}Rest`, summary: route.summary };
    if (route.path.includes('{id}')) operation.parameters = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
    paths[route.path] = { [route.http.toLowerCase()]: operation };
  }
  return paths;
}
