import path from 'node:path';
import { effectiveResolverConfig } from '../../engine/landing-zones/resolver-config.js';
import { resourcesDir } from '../../engine/paths.js';
import type { ResolutionEnvironment, ResolverSet } from '../../engine/planning/resolve-topology.js';
import { ImageCatalog, loadImageCatalogFile } from '../../engine/resolvers/image-catalog/image-catalog.js';
import { IpamService } from '../../engine/resolvers/ipam/ipam-service.js';
import { NamingService } from '../../engine/resolvers/naming/naming-service.js';
import { SecretService } from '../../engine/resolvers/secret/secret-service.js';
import type { Store } from '../../engine/store/store.js';
import { openBenchStore } from '../support/bench-store.js';

/** Everything a plan needs: a fresh store, the real resolvers and an environment using them. */
export interface PlanFixture {
  store: Store;
  resolvers: ResolverSet;
  environment: ResolutionEnvironment;
  dispose: () => void;
}

/**
 * Pools are sized for the largest topology: `nets` (the environment's default pool) has 256 /24s for
 * the networks, `hosts` a /16 for the VMs' addresses.
 */
export async function openPlanFixture(label: string): Promise<PlanFixture> {
  const bench = openBenchStore(label);
  try {
    const { store } = bench;
    const resolvers: ResolverSet = {
      ipam: new IpamService(store.async),
      naming: new NamingService(store.async),
      images: new ImageCatalog(loadImageCatalogFile(path.join(resourcesDir(), 'catalog', 'images.yaml'))),
      secrets: new SecretService(store.async, 'be'.repeat(32)),
    };
    await resolvers.ipam.createPool({ name: 'nets', cidr: '10.50.0.0/16' });
    await resolvers.ipam.createPool({ name: 'hosts', cidr: '10.60.0.0/16' });
    const environment: ResolutionEnvironment = {
      name: 'bench',
      landingZone: 'lab',
      provider: 'local',
      config: effectiveResolverConfig({ landingZone: { ipam: { pool: 'nets' }, naming: { domain: 'bench.lab' } } }).config,
    };
    return { store, resolvers, environment, dispose: bench.dispose };
  } catch (error) {
    bench.dispose();
    throw error;
  }
}
