/** The records of the resolvers' allocations (IPAM, names, secrets) and of landing zones. */

/**
 * An address pool. `startKey`/`endKey` are the block's first and last address as fixed-width hex, so
 * that ordering and overlap checks are plain string comparisons in any database.
 */
export interface PoolRecord {
  id: string;
  scope: string;
  name: string;
  cidr: string;
  family: 4 | 6;
  prefix: number;
  startKey: string;
  endKey: string;
  gateway: string | null;
  /** The pool this one was carved from, or null for a root pool. */
  parentId: string | null;
  /** Moves on with every change to the pool's allocations: callers cache occupancy per generation. */
  generation: number;
  createdAt: string;
}

/** One live block taken from a pool: an address, a subnet, or the block of a child pool. */
export interface AllocationRecord {
  id: string;
  poolId: string;
  kind: 'address' | 'subnet' | 'child_pool';
  value: string;
  startKey: string;
  endKey: string;
  owner: string;
  createdAt: string;
}

/** A name the naming resolver issued: `seq` is its number in the series it was drawn from. */
export interface NameRecord {
  id: string;
  scope: string;
  series: string;
  seq: number;
  name: string;
  fqdn: string | null;
  owner: string;
  createdAt: string;
}

/** A secret as stored: AES-256-GCM ciphertext with its IV and tag; the plain value never reaches the store. */
export interface SecretRecord {
  id: string;
  scope: string;
  name: string;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  origin: 'generated' | 'stored';
  owner: string;
  createdAt: string;
}

/** What listings show of a secret: never its encrypted columns. */
export type SecretMetadataRecord = Omit<SecretRecord, 'ciphertext' | 'iv' | 'tag'>;

/**
 * A landing zone. `resolverConfig` is the parsed document the landing zone service validates (IPAM
 * pools, naming pattern, image catalog); the store keeps it as given.
 */
export interface LandingZoneRecord {
  id: string;
  name: string;
  provider: string;
  description: string;
  resolverConfig: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** What inserting a template takes: a template without component defaults has none. */
export type NewEnvironmentTemplate = Omit<EnvironmentTemplateRecord, 'componentDefaults'> &
  Partial<Pick<EnvironmentTemplateRecord, 'componentDefaults'>>;

/** A template environments are created from: mandatory components and resolver overrides. */
export interface EnvironmentTemplateRecord {
  id: string;
  landingZoneId: string;
  name: string;
  mandatoryComponents: string[];
  /** Default parameters of mandatory components: component name → parameter → JSON value. */
  componentDefaults: Record<string, Record<string, unknown>>;
  resolverOverrides: Record<string, unknown>;
  createdAt: string;
}

/** A deployment target in a landing zone. */
export interface EnvironmentRecord {
  id: string;
  landingZoneId: string;
  templateId: string | null;
  name: string;
  resolverOverrides: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/**
 * A lease: addresses and names the server set aside (allocated to the lease's owner `lease:<id>`)
 * for one desktop to plan with while offline, until it expires.
 */
export interface LeaseRecord {
  id: string;
  environment: string;
  /** The desktop it was granted to (its own random id). */
  client: string;
  /** Who asked for it. */
  actor: string | null;
  grantedAt: string;
  expiresAt: string;
  endedAt: string | null;
  /** `released` by its desktop, or `expired`. */
  endedReason: string | null;
}
