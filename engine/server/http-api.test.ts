import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../common/method-names.js';
import { createTestServer, useTestServer } from '../test-support/test-server.js';

// The OpenAPI sweep calls every method once in a burst: more than the default rate limit lets one token do.
const running = useTestServer({ rateLimit: { capacity: 1000, refillPerSecond: 100 } });

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

async function call(
  path: string,
  init: { method?: string; token?: string | null; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const token = init.token === undefined ? running.engine.ownerToken() : init.token;
  const response = await fetch(`http://127.0.0.1:${running.server.port}${path}`, {
    method: init.method ?? 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Text answers (metrics) are checked as text.
  }
  return { status: response.status, headers: response.headers, body, text };
}

const envelope = { code: expect.any(String), message: expect.any(String), details: expect.any(Object), request_id: expect.any(String) };

describe('HTTP API', () => {
  it('answers /healthz without a token', async () => {
    expect(await call('/healthz', { method: 'GET', token: null })).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('refuses calls without a valid token with 401 and the envelope', async () => {
    for (const token of [null, 'nmb_o_wrong', `${running.engine.ownerToken()}x`]) {
      const answer = await call('/api/v1/listTopologies', { token });
      expect(answer.status, String(token)).toBe(401);
      expect(answer.body).toEqual({ ...envelope, code: 'unauthorized' });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await call('/metrics', { method: 'GET', token: null })).status).toBe(401);
    expect((await call('/api/v1/openapi.json', { method: 'GET', token: null })).status).toBe(401);
  });

  it('runs methods with the owner token and echoes the request id', async () => {
    const created = await call('/api/v1/createTopology', { body: JSON.stringify({ name: 'web' }), headers: { 'x-request-id': 'ci-42' } });
    expect(created).toMatchObject({ status: 200, body: { name: 'web', revision: 1 } });
    expect(created.headers.get('x-request-id')).toBe('ci-42');
    const listed = await call('/api/v1/listTopologies');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ name: 'web' })]);
  });

  it('maps refusals to statuses with one envelope', async () => {
    const invalid = await call('/api/v1/createTopology', { body: JSON.stringify({ name: 42 }) });
    expect(invalid).toMatchObject({ status: 400, body: { ...envelope, code: 'invalid_input' } });
    expect((await call('/api/v1/getTopology', { body: JSON.stringify({ id: '00000000-0000-4000-8000-000000000000' }) })).status).toBe(404);
    expect(await call('/api/v1/createTopology', { body: '{"name":' })).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
    expect(await call('/api/v1/createTopology', { body: '{}', headers: { 'content-type': 'text/plain' } })).toMatchObject({
      status: 415,
      body: { code: 'unsupported_media_type' },
    });
    expect(await call('/api/v1/dropDatabase', { body: '{}' })).toMatchObject({ status: 404, body: { code: 'unknown_path' } });
    const get = await call('/api/v1/listTopologies', { method: 'GET' });
    expect(get).toMatchObject({ status: 405, body: { code: 'method_not_allowed' } });
    expect(get.headers.get('allow')).toBe('POST');
    const huge = await call('/api/v1/createTopology', { body: JSON.stringify({ name: 'x'.repeat(9 * 1024 * 1024) }) });
    expect(huge).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
  });

  it('describes every method in OpenAPI 3.1, and every described endpoint answers a bad body with the envelope', async () => {
    const described = await call('/api/v1/openapi.json', { method: 'GET' });
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({ openapi: '3.1.0', servers: [{ url: '/api/v1' }] });
    const paths = described.body.paths as Record<string, { post?: { operationId: string; 'x-nimbus-permission': string } }>;
    // The contract's methods; the resource-style paths (with `{id}`, taking no body) have their own test.
    const operations = Object.entries(paths).filter(([path, item]) => item.post && !path.includes('{'));
    expect(operations.map(([, item]) => item.post!.operationId).sort()).toEqual([...METHOD_NAMES].sort());
    for (const [path] of operations) {
      const answer = await call(`/api/v1${path}`, { body: '[1, {"drop": "table"}]' });
      expect(answer.status, path).toBe(400);
      expect(answer.body, path).toEqual({ ...envelope, code: 'invalid_input' });
    }
  });

  it('serves the notification paths (GET /notifications, GET /dlq, POST /dlq/{id}/retry|discard) through the same methods and envelope', async () => {
    const listed = await call('/api/v1/notifications?limit=5&status=dead', { method: 'GET' });
    expect(listed).toMatchObject({ status: 200, body: [] });
    expect((await call('/api/v1/dlq', { method: 'GET' })).body).toEqual([]);
    expect(await call('/api/v1/notifications?limit=lots', { method: 'GET' })).toMatchObject({
      status: 400,
      body: { ...envelope, code: 'invalid_input' },
    });
    expect(await call('/api/v1/notifications?colour=red', { method: 'GET' })).toMatchObject({
      status: 400,
      body: { ...envelope, code: 'invalid_input' },
    });
    expect(await call('/api/v1/dlq/no-such-id/retry')).toMatchObject({ status: 404, body: { ...envelope, code: 'not_found' } });
    expect(await call('/api/v1/dlq/no-such-id/discard')).toMatchObject({ status: 404, body: { ...envelope, code: 'not_found' } });
    const wrongVerb = await call('/api/v1/dlq/x/retry', { method: 'GET' });
    expect(wrongVerb).toMatchObject({ status: 405, body: { ...envelope, code: 'method_not_allowed' } });
    expect(wrongVerb.headers.get('allow')).toBe('POST');
    expect(await call('/api/v1/dlq', { method: 'GET', token: null })).toMatchObject({
      status: 401,
      body: { ...envelope, code: 'unauthorized' },
    });
    const described = (await call('/api/v1/openapi.json', { method: 'GET' })).body.paths as Record<
      string,
      Record<string, { operationId: string }>
    >;
    expect(described['/dlq/{id}/retry']?.post?.operationId).toBe('retryDeadLetterRest');
    expect(described['/notifications']?.get?.operationId).toBe('listNotificationsRest');
  });

  it('audits a change with the request id and the client address, readable through listAuditEntries', async () => {
    await call('/api/v1/createTopology', { body: JSON.stringify({ name: 'audited' }), headers: { 'x-request-id': 'ci-audit-1' } });
    const entries = await call('/api/v1/listAuditEntries', { body: JSON.stringify({ entity: 'topology' }) });
    expect(entries.status).toBe(200);
    expect(entries.body).toEqual([
      expect.objectContaining({
        action: 'topology.create',
        requestId: 'ci-audit-1',
        clientAddress: expect.stringMatching(/127\.0\.0\.1/),
        actor: 'local-user',
      }),
    ]);
    const bad = await call('/api/v1/listAuditEntries', { body: JSON.stringify({ since: 'yesterday' }) });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_input' } });
  });

  it('counts calls in /metrics', async () => {
    await call('/api/v1/listTopologies');
    await call('/api/v1/listTopologies', { body: '[]' });
    const metrics = await call('/metrics', { method: 'GET' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.text).toContain('nimbus_api_requests_total{method="listTopologies",status="200"} 1');
    expect(metrics.text).toContain('nimbus_api_requests_total{method="listTopologies",status="400"} 1');
    expect(metrics.text).toContain('nimbus_api_request_duration_seconds_count{method="listTopologies"} 2');
    expect(metrics.text).toContain('nimbus_jobs{state="running"} 0');
    expect(metrics.text).not.toContain(running.engine.ownerToken());
  });
});

describe('HTTP API rate limit', () => {
  it('answers 429 with Retry-After once a token spent its burst', async () => {
    const limited = await createTestServer({ rateLimit: { capacity: 3, refillPerSecond: 0.1 } });
    try {
      const post = () =>
        fetch(`http://127.0.0.1:${limited.server.port}/api/v1/listTopologies`, {
          method: 'POST',
          headers: { authorization: `Bearer ${limited.engine.ownerToken()}` },
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post()).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await post();
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await refused.json()).toMatchObject({ code: 'rate_limited', request_id: expect.any(String) });
    } finally {
      await limited.close();
    }
  });
});
