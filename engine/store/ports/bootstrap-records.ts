import type { TopologyDocument } from '../../api/schemas/topology.js';

/** Where publishing a landing zone's system services stands. */
export type LandingZonePublishStatus = 'draft' | 'publishing' | 'published' | 'failed';

/** Where provisioning an environment stands; an environment without a record is active. */
export type EnvironmentProvisioningStatus = 'provisioning' | 'active' | 'failed';

/**
 * A landing zone's system services and their publication: the topology of provider-level components
 * deployed into the zone's system environment, the revision of it that was last published, and the
 * job publishing now (or last). `version` is for compare-and-set: two publishes never both start.
 */
export interface LandingZoneBootstrapRecord {
  landingZoneId: string;
  status: LandingZonePublishStatus;
  statusReason: string | null;
  services: TopologyDocument;
  /** Goes up by one with every change of the services. */
  servicesRevision: number;
  /** The revision the last successful publish deployed; null before one. */
  publishedRevision: number | null;
  /** The revision the running (or last) publish deploys. */
  publishingRevision: number | null;
  systemEnvironmentId: string | null;
  jobId: string | null;
  version: number;
  updatedAt: string;
}

/**
 * An environment's provisioning: its status, why it failed, and the job provisioning it. A system
 * environment names the landing zone whose system services it holds.
 */
export interface EnvironmentProvisioningRecord {
  environmentId: string;
  status: EnvironmentProvisioningStatus;
  statusReason: string | null;
  jobId: string | null;
  /** The landing zone id when this is that zone's system environment. */
  systemOf: string | null;
  version: number;
  updatedAt: string;
}

/**
 * Landing-zone publication and environment provisioning records. Every write is audited in its own
 * transaction (or the unit it is part of) and is a compare-and-set on `version` (null: the record
 * must not exist yet): it answers false, changing nothing, when another writer came first.
 */
export interface BootstrapPort {
  zone(landingZoneId: string): Promise<LandingZoneBootstrapRecord | undefined>;
  zones(): Promise<LandingZoneBootstrapRecord[]>;
  putZone(record: Omit<LandingZoneBootstrapRecord, 'version'>, expectedVersion: number | null, action: string): Promise<boolean>;
  environment(environmentId: string): Promise<EnvironmentProvisioningRecord | undefined>;
  environments(): Promise<EnvironmentProvisioningRecord[]>;
  putEnvironment(record: Omit<EnvironmentProvisioningRecord, 'version'>, expectedVersion: number | null, action: string): Promise<boolean>;
}
