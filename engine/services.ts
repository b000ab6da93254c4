import { tmpdir } from 'node:os';
import path from 'node:path';
import { currentTenantScope, LOCAL_TENANT } from './context/tenant-scope.js';
import { SemanticCatalog } from './catalog/semantic-catalog.js';
import { ComponentService, type Viewer } from './components/component-service.js';
import { GovernanceService } from './governance/policy.js';
import { LandingZoneService } from './landing-zones/landing-zone-service.js';
import { resourcesDir } from './paths.js';
import type { ResolverSet } from './planning/resolve-topology.js';
import { ImageCatalog, loadImageCatalogFile } from './resolvers/image-catalog/image-catalog.js';
import { IpamService } from './resolvers/ipam/ipam-service.js';
import { NamingService } from './resolvers/naming/naming-service.js';
import { SecretService } from './resolvers/secret/secret-service.js';
import { CloudAccountService } from './landing-zones/cloud-accounts/cloud-account-service.js';
import { StackService } from './stacks/stack-service.js';
import { loadCatalogSnapshot, type CatalogReferences, type CatalogSnapshot } from './stacks/catalog-snapshot.js';
import type { StorePort } from './store/ports/store-port.js';
// Cost estimates.
import { CostService } from './cost/cost-service.js';
import { loadBuiltInPricing } from './cost/pricing-source.js';
import { currentRequest } from './context/request-context.js';
import type { PricingSnapshot } from './api/schemas/cost.js';
// Bare metal.
import { BareMetalService } from './baremetal/registry-service.js';
// Editing and removing landing zones, environments, templates and pools.
import { LandingZoneEdits } from './landing-zones/landing-zone-edits.js';
import { PoolEdits } from './resolvers/ipam/pool-edits.js';

/** The domain services of one engine, built once over its store. */
export interface Services {
  readonly viewer: Viewer;
  readonly semantics: SemanticCatalog;
  readonly images: ImageCatalog;
  readonly ipam: IpamService;
  readonly naming: NamingService;
  readonly landingZones: LandingZoneService;
  readonly components: ComponentService;
  readonly governance: GovernanceService;
  /** Needs the master key, so it is created on first use. */
  secrets(): SecretService;
  resolvers(): ResolverSet;
  readonly stacks: StackService;
  /**
   * Loads the component versions (`name@version`) and stacks (`stack:name@version`) a topology
   * document or a list of references names, for the synchronous planner (lookup, stack versions).
   */
  catalog(references: CatalogReferences): Promise<CatalogSnapshot>;
  /** Cost estimates: pricing snapshots, rate cards, estimates. */
  readonly costs: CostService;
  /** Bare metal: provider registries (checked out under the data directory) and capacity placement. */
  readonly bareMetal: BareMetalService;
  // Editing and removing landing zones, environments, templates and pools.
  readonly landingZoneEdits: LandingZoneEdits;
  readonly poolEdits: PoolEdits;
  /** The store, for changes that audit themselves in a unit of work (governance policies). */
  readonly store: StorePort;
  /** Cloud accounts: provider credentials per landing zone, sealed with the master key. */
  readonly cloudAccounts: CloudAccountService;
}

/**
 * Builds the services and imports the built-in catalog (idempotent), so a fresh data directory
 * starts with the system components published.
 */
export async function createServices(
  store: StorePort,
  options: { secretKey: () => string; tenant?: string; actor?: string; dataDir?: string; shared?: boolean },
): Promise<Services> {
  const resources = resourcesDir();
  // The tenant of the call being served (the store limits every record to it), else the engine's own.
  const viewer: Viewer = {
    get tenant() {
      return currentTenantScope().tenant ?? options.tenant ?? LOCAL_TENANT;
    },
    actor: options.actor ?? 'local-user',
  };
  const semantics = SemanticCatalog.fromFile(path.join(resources, 'catalog', 'semantic-types.yaml'));
  const images = new ImageCatalog(loadImageCatalogFile(path.join(resources, 'catalog', 'images.yaml')));
  const ipam = new IpamService(store);
  const naming = new NamingService(store);
  const components = new ComponentService(store, semantics);
  await components.importBuiltIns(path.join(resources, 'components'));
  let secrets: SecretService | undefined;
  const getSecrets = () => (secrets ??= new SecretService(store, options.secretKey()));
  // Stacks are made of components only: a stack cannot place another stack.
  const stacks = new StackService(store, components);
  let builtInPricing: PricingSnapshot | undefined;
  // Registry checkouts live in the data directory (a temporary one for an engine given none).
  // A shared server takes registries by network URL only (a local path would read the server's disk).
  const bareMetal = new BareMetalService(store, options.dataDir ?? path.join(tmpdir(), 'nimbus-baremetal'), undefined, {
    localSources: !options.shared,
  });
  const landingZones = new LandingZoneService(store, semantics.providers);
  return {
    viewer,
    semantics,
    images,
    ipam,
    naming,
    landingZones,
    components,
    governance: new GovernanceService(store.components),
    secrets: getSecrets,
    resolvers: () => ({ ipam, naming, images, secrets: getSecrets(), capacity: bareMetal }),
    stacks,
    catalog: (references) => loadCatalogSnapshot({ components, stacks, viewer }, references),
    // Cost estimates: the shipped snapshot is read once, on first use.
    costs: new CostService(
      store,
      () => (builtInPricing ??= loadBuiltInPricing(path.join(resources, 'pricing'))),
      () => currentRequest()?.actor ?? viewer.actor,
    ),
    bareMetal,
    // Editing and removing landing zones, environments, templates and pools.
    landingZoneEdits: new LandingZoneEdits(store, landingZones),
    poolEdits: new PoolEdits(store, ipam),
    store,
    cloudAccounts: new CloudAccountService(store, options.secretKey),
  };
}
