import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../../../engine/api/contract';
import { describeRunCounts, isTerminalNodeStatus, progressFraction, reduceJobRun, runCounts } from './node-runs';

const at = '2026-01-01T00:00:00Z';
let seq = 0;
const event = (body: Record<string, unknown> & { type: JobEvent['type'] }): JobEvent =>
  ({ jobId: 'j', seq: ++seq, at, ...body }) as JobEvent;

describe('reduceJobRun', () => {
  it('keeps seeded nodes waiting in plan order and adds nodes the job names later', () => {
    seq = 0;
    const view = reduceJobRun(
      [event({ type: 'node.status', nodeId: 'x', label: 'extra', status: 'deploying' })],
      [
        { nodeId: 'net', label: 'network' },
        { nodeId: 'vm', label: 'web' },
      ],
    );
    expect(view.nodes.map((node) => [node.nodeId, node.label, node.status])).toEqual([
      ['net', 'network', 'waiting'],
      ['vm', 'web', 'waiting'],
      ['x', 'extra', 'deploying'],
    ]);
  });

  it('follows each node to its last status with outputs, and files logs and resources under their node', () => {
    seq = 0;
    const view = reduceJobRun([
      event({ type: 'job.started', kind: 'deploy', title: 'Deploy' }),
      event({ type: 'job.progress', done: 0, total: 2 }),
      event({ type: 'node.status', nodeId: 'net', label: 'network', status: 'deploying' }),
      event({ type: 'job.log', level: 'info', message: 'creating directory', nodeId: 'net' }),
      event({
        type: 'resource.started',
        urn: 'urn:pulumi:dev::p::local:Network::lab',
        resourceType: 'local:Network',
        operation: 'create',
        nodeId: 'net',
      }),
      event({
        type: 'resource.finished',
        urn: 'urn:pulumi:dev::p::local:Network::lab',
        resourceType: 'local:Network',
        operation: 'create',
        status: 'succeeded',
        nodeId: 'net',
      }),
      event({ type: 'node.status', nodeId: 'net', label: 'network', status: 'succeeded', outputs: { network_id: 'net-lab' } }),
      event({ type: 'job.progress', done: 1, total: 2 }),
      event({ type: 'node.status', nodeId: 'vm', label: 'web', status: 'deploying' }),
      event({ type: 'job.log', level: 'error', message: 'port in use', nodeId: 'vm' }),
      event({ type: 'node.status', nodeId: 'vm', label: 'web', status: 'failed', message: 'port in use' }),
      event({ type: 'job.log', level: 'warn', message: 'one node failed' }),
      event({ type: 'job.finished', status: 'failed', error: { code: 'deploy_failed', message: '1 of 2 nodes failed', details: {} } }),
    ]);
    const [net, vm] = view.nodes;
    expect(net).toMatchObject({
      status: 'succeeded',
      outputs: { network_id: 'net-lab' },
      resources: { started: 1, finished: 1, failed: 0 },
      message: null,
    });
    expect(net?.log.map((line) => line.text)).toEqual([
      'deploying',
      'creating directory',
      'create local:Network… lab',
      'create local:Network: succeeded lab',
      'succeeded',
    ]);
    expect(vm).toMatchObject({ status: 'failed', message: 'port in use', outputs: null });
    expect(vm?.log.find((line) => line.text === 'port in use')?.tone).toBe('error');
    expect(view.log.map((line) => line.text)).toEqual(['Started: Deploy', 'one node failed', 'Finished: failed — 1 of 2 nodes failed']);
    expect(view.progress).toEqual({ done: 1, total: 2 });
    expect(view.finished).toBe('failed');
    expect(view.error).toEqual({ code: 'deploy_failed', message: '1 of 2 nodes failed' });
    expect(progressFraction(view)).toBe(0.5);
  });

  it('keeps outputs a node reported even when a later status carries none', () => {
    seq = 0;
    const view = reduceJobRun([
      event({ type: 'node.status', nodeId: 'a', label: 'a', status: 'deploying', outputs: { id: 1 } }),
      event({ type: 'node.status', nodeId: 'a', label: 'a', status: 'succeeded' }),
    ]);
    expect(view.nodes[0]?.outputs).toEqual({ id: 1 });
  });
});

describe('progressFraction', () => {
  it('counts finished nodes while the engine has not sent progress, and is full once the job succeeded', () => {
    seq = 0;
    const running = reduceJobRun(
      [event({ type: 'node.status', nodeId: 'a', label: 'a', status: 'unchanged' })],
      [{ nodeId: 'b', label: 'b' }],
    );
    expect(progressFraction(running)).toBe(0.5);
    expect(progressFraction(reduceJobRun([], [{ nodeId: 'a', label: 'a' }]))).toBeNull();
    expect(progressFraction(reduceJobRun([event({ type: 'job.finished', status: 'failed', error: null })]))).toBe(0);
    expect(progressFraction(reduceJobRun([event({ type: 'job.finished', status: 'succeeded', error: null })]))).toBe(1);
    expect(isTerminalNodeStatus('rolling-back')).toBe(false);
    expect(isTerminalNodeStatus('skipped')).toBe(true);
  });
});

describe('runCounts', () => {
  it('counts the nodes running now and those done, from their latest per-node status', () => {
    seq = 0;
    const seedNodes = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => ({ nodeId: id, label: id }));
    const view = reduceJobRun(
      [
        event({ type: 'job.progress', done: 0, total: 7 }),
        event({ type: 'node.status', nodeId: 'a', label: 'a', status: 'deploying' }),
        event({ type: 'node.status', nodeId: 'a', label: 'a', status: 'succeeded' }),
        event({ type: 'node.status', nodeId: 'b', label: 'b', status: 'unchanged' }),
        event({ type: 'node.status', nodeId: 'c', label: 'c', status: 'failed' }),
        event({ type: 'node.status', nodeId: 'd', label: 'd', status: 'deploying' }),
        event({ type: 'node.status', nodeId: 'e', label: 'e', status: 'rolling-back' }),
      ],
      seedNodes,
    );
    expect(runCounts(view)).toEqual({ running: 2, done: 3, total: 7 });
    expect(describeRunCounts(runCounts(view))).toBe('2 running · 3 of 7 done');
    expect(describeRunCounts({ running: 0, done: 7, total: 7 })).toBe('7 of 7 done');
    // A job that announced more nodes than it has named yet still counts them.
    expect(runCounts(reduceJobRun([event({ type: 'job.progress', done: 0, total: 4 })]))).toEqual({ running: 0, done: 0, total: 4 });
  });
});
