/**
 * The OpenAPI 3.1 description of the HTTP API, generated from the contract's schemas so it cannot
 * drift from what the dispatcher checks: one `POST /api/v1/{method}` operation per method, its input
 * as the request body, its output as the 200 answer, the error envelope for everything else, and the
 * permission it needs as `x-nimbus-permission`; plus the resource-style paths (`./rest-routes.ts`).
 */
import { z } from 'zod';
import { METHOD_NAMES, type MethodName } from '../common/method-names.js';
import { METHOD_PERMISSIONS } from '../common/method-permissions.js';
import { contract } from '../api/contract.js';
import { NIMBUS_VERSION } from '../version.js';
import { restRoutePaths } from './rest-routes.js';

/** Where the HTTP API lives. */
export const API_PREFIX = '/api/v1';

/** A JSON object of the document. */
export type JsonObject = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

/** The error envelope every failed call answers with. */
export const ERROR_ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'details', 'request_id'],
  properties: {
    code: { type: 'string', description: 'Stable error code (see the error catalogue)' },
    message: { type: 'string', description: 'What went wrong, for a person' },
    details: { type: 'object', description: 'Machine-readable particulars (field paths, ids)' },
    request_id: { type: 'string', description: 'Names the call in the server log' },
  },
} as const;

/** The optional `Idempotency-Key` header every method takes (see `../sync/idempotency-guard.ts`). */
const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Runs the call at most once per key (per tenant and user, for 24 hours): a repeat with the same input gets the stored answer ' +
    '(header Idempotent-Replayed: true); another input is 422 idempotency_key_reused; a repeat while the first runs is 409 request_in_progress.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
} as const;

let cached: JsonObject | undefined;

/** The OpenAPI document (built once per process). */
export function openApiDocument(): JsonObject {
  if (cached) return cached;
  const errorResponse = {
    description: 'The call was refused or failed',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  const paths: JsonObject = {
    '/healthz': {
      get: {
        operationId: 'healthz',
        summary: 'Whether the server is up (no authentication)',
        security: [],
        servers: [{ url: '/' }],
        responses: { '200': { description: 'Up' }, '503': { description: 'Up, but a dependency (the database) is not' } },
      },
    },
  };
  const operation = (method: MethodName): JsonObject => {
    const spec = contract[method];
    return {
      operationId: method,
      summary: spec.summary,
      'x-nimbus-permission': METHOD_PERMISSIONS[method],
      parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
      requestBody: { required: false, content: { 'application/json': { schema: schemaOf(spec.input, 'input') } } },
      responses: {
        '200': { description: 'The result', content: { 'application/json': { schema: schemaOf(spec.output, 'output') } } },
        default: errorResponse,
      },
    };
  };
  for (const method of METHOD_NAMES) paths[`/${method}`] = { post: operation(method) };
  Object.assign(paths, restRoutePaths(operation));
  cached = {
    openapi: '3.1.0',
    info: { title: 'Nimbus API', version: NIMBUS_VERSION, description: 'Every method of the Nimbus contract as JSON over HTTP.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: API_PREFIX }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: ERROR_ENVELOPE_SCHEMA },
      parameters: { IdempotencyKey: IDEMPOTENCY_KEY_PARAMETER },
    },
    paths,
  };
  return cached;
}
