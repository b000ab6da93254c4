/**
 * The stored data of the load benchmark: topologies with 10,000 nodes in all and 1,000 deployments,
 * written through the store port, so the SQLite engine and the PostgreSQL server hold the same rows.
 */
import { randomUUID } from 'node:crypto';
import { runInRequest } from '../../engine/context/request-context.js';
import type { StorePort } from '../../engine/store/ports/store-port.js';
import { generateLayeredTopology } from '../plan/generate-topology.js';

/** How much to store. */
export interface SeedShape {
  topologies: number;
  nodesPerTopology: number;
  deployments: number;
}

/** The ids the load's `get…` calls pick from. */
export interface SeededIds {
  topologies: string[];
  deployments: string[];
}

/** Stores the shape's topologies and deployments as `actor` of `tenant` (the callers of the load must see them). */
export async function seedServerData(store: StorePort, shape: SeedShape, who: { actor: string; tenant: string }): Promise<SeededIds> {
  return runInRequest({ requestId: 'bench-seed', actor: who.actor, tenant: who.tenant, clientAddress: null }, async () => {
    const document = generateLayeredTopology({ nodes: shape.nodesPerTopology, wiresPerNode: 1.2, layers: 5 });
    const topologies: string[] = [];
    for (let index = 0; index < shape.topologies; index += 1) {
      topologies.push((await store.topologies.create(`bench-topology-${index}`, document)).id);
    }
    const deployments: string[] = [];
    const perTopology = Math.ceil(shape.deployments / shape.topologies);
    await store.unitOfWork(async (tx) => {
      for (let index = 0; index < shape.deployments; index += 1) {
        const topology = topologies[Math.floor(index / perTopology)]!;
        const node = document.nodes[index % perTopology]!;
        const id = randomUUID();
        await tx.deployments.insert({
          id,
          environment: 'bench',
          topology,
          nodeId: node.id,
          label: node.label ?? node.id,
          component: node.component,
          version: 1,
          provider: 'local',
          semanticType: 'VirtualMachine',
          stackName: `bench-${index}`,
          owner: `bench-owner-${index}`,
          values: { name: { value: `vm-${index}`, source: 'user' } },
        });
        // Deployed, so the servers' start-up recovery has nothing to reconcile (a pending one would be cleared).
        await tx.deployments.update(id, {
          status: 'deployed',
          everDeployed: true,
          deployedAt: new Date().toISOString(),
          outputs: { address: `10.0.${Math.floor(index / 250)}.${index % 250}` },
        });
        deployments.push(id);
      }
    });
    return { topologies, deployments };
  });
}
