import { describe, expect, it } from 'vitest';
import { useTestServer } from '../test-support/test-server.js';
import { WEBHOOK_PATH } from './webhook.js';

const running = useTestServer();

const post = (body: string, token: string | null, method = 'POST') =>
  fetch(`http://127.0.0.1:${running.server.port}${WEBHOOK_PATH}`, {
    method,
    body: method === 'POST' ? body : null,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

describe('the webhook endpoint', () => {
  it('logs an authenticated event and answers with what it did', async () => {
    const response = await post(JSON.stringify({ type: 'ci.build.failed', payload: { build: 42 } }), await running.engine.webhookToken());
    expect(response.status).toBe(202);
    const entry = (await response.json()) as { id: number; type: string; source: string; payload: unknown; outcomes: unknown[] };
    expect(entry).toMatchObject({ type: 'ci.build.failed', source: 'webhook', payload: { build: 42 }, outcomes: [] });
    const logged = await running.engine.dispatcher.dispatch('listEvents', {});
    expect(logged.ok && logged.result).toEqual([expect.objectContaining({ id: entry.id, type: 'ci.build.failed', source: 'webhook' })]);
  });

  it('says that an addressed instance does not exist', async () => {
    const response = await post(JSON.stringify({ type: 'ops.ping', instanceId: 'nope' }), await running.engine.webhookToken());
    expect(((await response.json()) as { outcomes: unknown[] }).outcomes).toEqual([
      { instanceId: 'nope', trigger: null, from: null, to: null, note: 'no such stack instance' },
    ]);
  });

  it('refuses a missing or wrong token, bad JSON, a bad event, a huge body and other methods, and logs none of them', async () => {
    expect((await post('{"type":"a.b"}', null)).status).toBe(401);
    expect((await post('{"type":"a.b"}', 'wrong')).status).toBe(401);
    const token = await running.engine.webhookToken();
    expect((await post('{not json', token)).status).toBe(400);
    const invalid = await post(JSON.stringify({ type: 'Not A Type' }), token);
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { message: string }).message).toMatch(/type/);
    expect(
      (await post(JSON.stringify({ type: 'a.b', payload: { blob: 'x'.repeat(70 * 1024) } }), token).catch(() => ({ status: 413 }))).status,
    ).toBe(413);
    expect((await post('', token, 'GET')).status).toBe(405);
    const logged = await running.engine.dispatcher.dispatch('listEvents', {});
    expect(logged.ok && logged.result).toEqual([]);
  });

  it('generates the token once and keeps it', async () => {
    const token = await running.engine.webhookToken();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(await running.engine.webhookToken()).toBe(token);
  });
});
