import { describe, expect, it } from 'vitest';
import type { TopologyDocument } from '../../../../engine/api/schemas/topology';
import type { NodeContract } from '../contracts/node-contract';
import { EMPTY_NODE_OVERLAY } from '../overlay/node-overlay';
import { svgNodeInfo } from './svg-node-info';

const port = (key: string) => ({ key }) as NodeContract['inputs'][number];
const vm = {
  ref: 'local-vm@1',
  provider: 'local',
  inputs: [port('network_id'), port('cores'), port('memory_mb')],
  outputs: [port('address')],
} as NodeContract;

const document: TopologyDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'vm', label: 'vm', component: 'local-vm@1', position: { x: 0, y: 0 } },
    { id: 'bare', label: 'bare', component: 'thing', position: { x: 300, y: 0 } },
  ],
  wires: [
    { id: 'w1', source: { node: 'bare', port: 'out' }, target: { node: 'vm', port: 'network_id' } },
    { id: 'w2', source: { node: 'vm', port: 'address' }, target: { node: 'bare', port: 'extra' } },
  ],
};

describe('svgNodeInfo', () => {
  it('counts port rows as the canvas does, names component and provider, and takes the status badge', () => {
    const info = svgNodeInfo(document, (ref) => (ref === 'local-vm@1' ? vm : null), {
      nodes: { vm: { ...EMPTY_NODE_OVERLAY, status: 'valid' } },
      wires: {},
    });
    expect(info('vm')).toEqual({ portRows: 3, subtitle: 'local-vm@1 · local', status: 'valid' });
    // Without a contract: the generic `in`/`out`, plus the input a wire names.
    expect(info('bare')).toEqual({ portRows: 2, subtitle: 'thing' });
    expect(info('missing')).toEqual({ portRows: 1 });
  });
});
