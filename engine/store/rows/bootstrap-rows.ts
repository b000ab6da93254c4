import type { TopologyDocument } from '../../api/schemas/topology.js';
import type {
  EnvironmentProvisioningRecord,
  EnvironmentProvisioningStatus,
  LandingZoneBootstrapRecord,
  LandingZonePublishStatus,
} from '../ports/bootstrap-records.js';
import type { AuditEntry } from '../ports/deployment-records.js';
import type { ColumnDecoder, JsonColumn } from './decode.js';

/** A `landing_zone_bootstrap` row as either store returns it. */
export interface LandingZoneBootstrapRow {
  landing_zone_id: string;
  status: string;
  status_reason: string | null;
  services: JsonColumn;
  services_revision: number;
  published_revision: number | null;
  publishing_revision: number | null;
  system_environment_id: string | null;
  job_id: string | null;
  version: number;
  updated_at: string;
}

/** An `environment_provisioning` row as either store returns it. */
export interface EnvironmentProvisioningRow {
  environment_id: string;
  status: string;
  status_reason: string | null;
  job_id: string | null;
  system_of: string | null;
  version: number;
  updated_at: string;
}

/** The domain record of a zone's bootstrap row. */
export function toZoneBootstrap(row: LandingZoneBootstrapRow, columns: ColumnDecoder): LandingZoneBootstrapRecord {
  return {
    landingZoneId: row.landing_zone_id,
    status: row.status as LandingZonePublishStatus,
    statusReason: row.status_reason,
    services: columns.json<TopologyDocument>(row.services),
    servicesRevision: Number(row.services_revision),
    publishedRevision: row.published_revision === null ? null : Number(row.published_revision),
    publishingRevision: row.publishing_revision === null ? null : Number(row.publishing_revision),
    systemEnvironmentId: row.system_environment_id,
    jobId: row.job_id,
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

/** The domain record of an environment's provisioning row. */
export function toEnvironmentProvisioning(row: EnvironmentProvisioningRow): EnvironmentProvisioningRecord {
  return {
    environmentId: row.environment_id,
    status: row.status as EnvironmentProvisioningStatus,
    statusReason: row.status_reason,
    jobId: row.job_id,
    systemOf: row.system_of,
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

/** The audit entry of a change of a zone's bootstrap (the services document stays out: its revision names it). */
export function zoneBootstrapAudit(
  actor: string,
  action: string,
  before: LandingZoneBootstrapRecord | undefined,
  after: Omit<LandingZoneBootstrapRecord, 'version'>,
): AuditEntry {
  const summary = (record: Omit<LandingZoneBootstrapRecord, 'version'>) => ({
    status: record.status,
    statusReason: record.statusReason,
    servicesRevision: record.servicesRevision,
    publishedRevision: record.publishedRevision,
    nodes: record.services.nodes.map((node) => `${node.id}:${node.component}`),
    jobId: record.jobId,
  });
  return {
    actor,
    action,
    entity: 'landing_zone',
    entityId: after.landingZoneId,
    oldValue: before ? summary(before) : null,
    newValue: summary(after),
  };
}

/** The audit entry of a change of an environment's provisioning status. */
export function environmentProvisioningAudit(
  actor: string,
  action: string,
  before: EnvironmentProvisioningRecord | undefined,
  after: Omit<EnvironmentProvisioningRecord, 'version'>,
): AuditEntry {
  return {
    actor,
    action,
    entity: 'environment',
    entityId: after.environmentId,
    oldValue: before ? { status: before.status, statusReason: before.statusReason, jobId: before.jobId } : null,
    newValue: { status: after.status, statusReason: after.statusReason, jobId: after.jobId, systemOf: after.systemOf },
  };
}
