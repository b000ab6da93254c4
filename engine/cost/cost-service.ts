import { randomUUID } from 'node:crypto';
import type { CostEstimate, PricingSnapshot, PricingSnapshotInfo, RateCard, UsageFile } from '../api/schemas/cost.js';
import { NimbusError, NotFoundError } from '../errors.js';
import type { ComponentLookup } from '../planning/component-definition.js';
import type { NodeResolution } from '../planning/resolve-topology.js';
import { joinUnit, type RepositoryScope } from '../store/ports/store-port.js';
import type { RateCardRecord } from '../store/ports/cost-records.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import { parsePricingSnapshot } from './cost-files.js';
import { estimateCost, type CostNode } from './estimator.js';
import { storedPricing } from './pricing-source.js';

/** Deployments whose resources exist (or are being made): what an environment's roll-up prices. */
const RUNNING = new Set(['deployed', 'deploying', 'upgrading', 'destroying']);

/** The pricing in use: the newest of the built-in snapshot and the tenant's imported ones. */
interface PricingInUse {
  snapshot: PricingSnapshot;
  source: 'built-in' | 'imported';
  importedAt: string | null;
  importedBy: string | null;
}

/**
 * Cost estimates over the store: which pricing snapshot is in use (the built-in one, or a newer one
 * imported), landing zone rate cards, and estimates of a resolved topology or of an environment's
 * deployed components. The arithmetic is the pure estimator's (`./estimator.ts`).
 */
export class CostService {
  constructor(
    private readonly store: RepositoryScope,
    private readonly builtIn: () => PricingSnapshot,
    private readonly actor: () => string,
  ) {}

  private async pricing(): Promise<PricingInUse> {
    const builtIn = this.builtIn();
    const record = await this.store.costs.latestPricingSnapshot();
    const imported = record && storedPricing(record.document);
    if (record && imported && imported.date >= builtIn.date)
      return { snapshot: imported, source: 'imported', importedAt: record.importedAt, importedBy: record.importedBy };
    return { snapshot: builtIn, source: 'built-in', importedAt: null, importedBy: null };
  }

  /** What the snapshot in use is: date, currency, where it came from and what it prices. */
  async pricingInfo(): Promise<PricingSnapshotInfo> {
    return describe(await this.pricing());
  }

  /**
   * Imports a pricing snapshot file (validated; every bad entry named by its path). The newest
   * snapshot wins, so one dated before the snapshot in use is refused (`pricing_snapshot_older`).
   */
  async importPricing(text: string, source = 'pricing snapshot'): Promise<PricingSnapshotInfo> {
    const snapshot = parsePricingSnapshot(text, source);
    return this.store.unitOfWork(async (tx) => {
      const current = await new CostService(joinUnit(tx), this.builtIn, this.actor).pricing();
      if (snapshot.date < current.snapshot.date)
        throw new NimbusError(
          'pricing_snapshot_older',
          `The pricing snapshot ${source} is dated ${snapshot.date}, before the one in use (${current.snapshot.date}, ${current.source}); import a newer one`,
          { date: snapshot.date, inUse: current.snapshot.date },
        );
      const importedAt = new Date().toISOString();
      await tx.costs.insertPricingSnapshot({
        id: randomUUID(),
        date: snapshot.date,
        currency: snapshot.currency,
        document: snapshot as unknown as Record<string, unknown>,
        importedAt,
        importedBy: this.actor(),
      });
      return describe({ snapshot, source: 'imported', importedAt, importedBy: this.actor() });
    });
  }

  /** Every rate card of the landing zones this tenant sees. */
  async listRateCards(): Promise<RateCard[]> {
    const zones = new Map((await this.store.landingZones.zones()).map((zone) => [zone.id, zone.name]));
    return (await this.store.costs.rateCards())
      .filter((card) => zones.has(card.landingZoneId))
      .map((card) => toRateCard(card, zones.get(card.landingZoneId)!));
  }

  /** Creates or replaces a landing zone's rate card (audited). */
  async setRateCard(input: {
    landingZone: string;
    currency: string;
    perCore: number;
    perGbRam: number;
    perGbDisk: number;
  }): Promise<RateCard> {
    return this.store.unitOfWork(async (tx) => {
      const zone = await tx.landingZones.zone(input.landingZone);
      if (!zone) throw new NotFoundError('Landing zone', input.landingZone);
      const card: RateCardRecord = {
        landingZoneId: zone.id,
        currency: input.currency,
        perCore: input.perCore,
        perGbRam: input.perGbRam,
        perGbDisk: input.perGbDisk,
        updatedAt: new Date().toISOString(),
        updatedBy: this.actor(),
      };
      await tx.costs.saveRateCard(card);
      return toRateCard(card, zone.name);
    });
  }

  /** Removes a landing zone's rate card (audited); its components become unpriced again. */
  async removeRateCard(landingZone: string): Promise<{ removed: boolean }> {
    return this.store.unitOfWork(async (tx) => {
      const zone = await tx.landingZones.zone(landingZone);
      if (!zone) throw new NotFoundError('Landing zone', landingZone);
      return { removed: await tx.costs.removeRateCard(zone.id, new Date().toISOString()) };
    });
  }

  /** Prices a resolution (the planner's preview) of a topology in an environment of `landingZone`. */
  async estimateResolution(
    nodes: readonly NodeResolution[],
    lookup: ComponentLookup,
    target: { environment: string; landingZone: string },
    usage?: UsageFile,
  ): Promise<CostEstimate> {
    const costNodes = nodes.map((node): CostNode => {
      let provider = 'unknown';
      let semanticType: string | null = null;
      try {
        const definition = lookup(node.component);
        provider = definition.provider;
        semanticType = definition.semanticType;
      } catch {
        // A component the catalog does not know is priced as unknown: the estimate says so.
      }
      return { nodeId: node.nodeId, label: node.label, component: node.component, provider, semanticType, values: node.values };
    });
    return this.estimate(costNodes, target, usage);
  }

  /** Prices the components deployed in an environment, from the parameters they were deployed with. */
  async estimateEnvironment(
    environment: string,
    landingZone: string,
    deployments: readonly DeploymentRecord[],
    usage?: UsageFile,
  ): Promise<CostEstimate> {
    const nodes = deployments
      .filter((deployment) => RUNNING.has(deployment.status))
      .map((deployment): CostNode => ({
        nodeId: deployment.nodeId,
        label: `${deployment.topology} / ${deployment.label}`,
        component: `${deployment.component}@${deployment.version}`,
        provider: deployment.provider,
        semanticType: deployment.semanticType,
        values: deployment.values,
      }));
    return this.estimate(nodes, { environment, landingZone }, usage);
  }

  private async estimate(
    nodes: CostNode[],
    target: { environment: string; landingZone: string },
    usage?: UsageFile,
  ): Promise<CostEstimate> {
    const pricing = await this.pricing();
    const zone = await this.store.landingZones.zone(target.landingZone);
    const card = zone ? await this.store.costs.rateCard(zone.id) : undefined;
    return estimateCost({
      nodes,
      pricing: pricing.snapshot,
      pricingSource: pricing.source,
      rateCard: card ? { landingZone: target.landingZone, ...card } : null,
      usage: usage ?? null,
      environment: target.environment,
      landingZone: target.landingZone,
    });
  }
}

function toRateCard(card: RateCardRecord, landingZoneName: string): RateCard {
  return {
    landingZone: card.landingZoneId,
    landingZoneName,
    currency: card.currency,
    perCore: card.perCore,
    perGbRam: card.perGbRam,
    perGbDisk: card.perGbDisk,
    updatedAt: card.updatedAt,
    updatedBy: card.updatedBy,
  };
}

function describe(pricing: PricingInUse): PricingSnapshotInfo {
  return {
    date: pricing.snapshot.date,
    currency: pricing.snapshot.currency,
    description: pricing.snapshot.description ?? null,
    source: pricing.source,
    importedAt: pricing.importedAt,
    importedBy: pricing.importedBy,
    providers: Object.entries(pricing.snapshot.providers).map(([id, provider]) => ({
      id,
      products: provider.products.length,
      resources: Object.keys(provider.resources).length,
      free: provider.free ?? false,
    })),
  };
}
