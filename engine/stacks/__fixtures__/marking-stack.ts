import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Engine } from '../../engine.js';

/**
 * A stack whose active state can be paused and resumed, with day-2 operations that leave a mark (a
 * line in `file`) per run: what tests of stack instances use to count runs without Pulumi.
 */
export function markingStack(file: string) {
  const mark = { kind: 'command' as const, command: ['sh', '-c', 'echo run >> "$0"', file] };
  return {
    slots: [{ name: 'disk', component: 'local-storage@1', inputs: { size_mb: '4' } }],
    stateMachine: {
      states: [{ name: 'new', initial: true }, { name: 'deploying' }, { name: 'active' }, { name: 'paused' }, { name: 'failed' }],
      transitions: [
        { from: 'new', to: 'deploying', trigger: 'deploy', workflow: 'deploy' },
        { from: 'deploying', to: 'active', trigger: 'deploy.succeeded' },
        { from: 'deploying', to: 'failed', trigger: 'deploy.failed' },
        { from: 'active', to: 'paused', trigger: 'pause' },
        { from: 'paused', to: 'active', trigger: 'resume' },
        { from: 'active', to: 'failed', trigger: 'marked.failed' },
      ],
    },
    operations: [
      {
        name: 'mark',
        inputSchema: { type: 'object', properties: {} },
        requiredStates: ['active'],
        steps: [mark],
        onSuccess: 'marked',
        onFailure: 'marked.failed',
      },
      {
        name: 'mark-slowly',
        inputSchema: { type: 'object', properties: {} },
        requiredStates: ['active'],
        steps: [mark, { kind: 'wait' as const, seconds: 3 }],
        onSuccess: 'marked',
        onFailure: 'marked.failed',
      },
      {
        name: 'mark-when-confirmed',
        inputSchema: { type: 'object', properties: {} },
        requiredStates: ['active'],
        steps: [{ kind: 'confirm' as const, message: 'Leave a mark?' }, mark],
        onSuccess: 'marked',
        onFailure: 'marked.failed',
      },
    ],
  };
}

/** An instance of the stack created as `pausable`, stored as active (as if deployed). */
export async function activeInstance(engine: Engine): Promise<string> {
  const id = randomUUID();
  await engine.store.stacks.insertInstance({
    id,
    name: `site-${id.slice(0, 4)}`,
    stackId: (await engine.stacks.get(engine.services.viewer, 'pausable')).id,
    version: 1,
    environment: 'dev',
    params: {},
    state: 'active',
    machineVersion: 1,
    createdAt: new Date().toISOString(),
  });
  return id;
}

/** How many marks the operations left in `file`. */
export function markCount(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}
