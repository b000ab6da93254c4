import { describe, expect, it } from 'vitest';
import type { StackDocument } from '../api/schemas/stacks.js';
import type { StackInstance } from '../api/schemas/stacks.js';
import type { StackRuntime } from '../stacks/stack-runtime.js';
import { useTestEngine } from '../test-support/test-engine.js';
import { EventRouter } from './event-router.js';

const fixture = useTestEngine();

/** A router over the real event log with a stand-in runtime holding one instance: only routing is under test. */
function routerWith(routing: { event: string; filter?: string; trigger: string }[]) {
  const sent: { id: string; trigger: string }[] = [];
  const instance = {
    id: 'inst-1',
    name: 'web',
    stack: 'web',
    version: 1,
    state: 'running',
    environment: 'dev',
    params: {},
    outputs: {},
  } as unknown as StackInstance;
  const runtime = {
    instances: async () => [{ instance, document: { routing } as unknown as StackDocument }],
    send: async (id: string, event: { type: string }) => {
      sent.push({ id, trigger: event.type });
      return { instanceId: id, trigger: event.type, from: 'running', to: 'degraded', note: 'taken' };
    },
  } as unknown as StackRuntime;
  return { router: new EventRouter(fixture.engine().store.stacks, runtime), sent };
}

describe('routing filters', () => {
  it('see the real type, source and instance, which the payload cannot override', async () => {
    const { router, sent } = routerWith([
      { event: 'ops.**', filter: "event.source == 'webhook'", trigger: 'from_webhook' },
      { event: 'ops.**', filter: "event.type == 'ops.critical'", trigger: 'critical' },
      { event: 'ops.**', filter: "event.instanceId == 'inst-1'", trigger: 'addressed' },
    ]);
    await router.route('cli', { type: 'ops.ping', payload: { source: 'webhook', type: 'ops.critical', instanceId: 'inst-1' } });
    expect(sent).toEqual([]);
    await router.route('webhook', { type: 'ops.ping', payload: { source: 'cli' } });
    expect(sent).toEqual([{ id: 'inst-1', trigger: 'from_webhook' }]);
  });

  it('still read payload fields, directly and under event.payload', async () => {
    const { router, sent } = routerWith([{ event: 'ci.*', filter: 'event.build == 42 && event.payload.build == 42', trigger: 'built' }]);
    await router.route('cli', { type: 'ci.done', payload: { build: 42 } });
    expect(sent).toEqual([{ id: 'inst-1', trigger: 'built' }]);
  });
});
