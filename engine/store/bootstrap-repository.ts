import type { AuditLog } from './audit.js';
import type { SqliteDatabase } from './sqlite.js';
import { NEW_TENANT, own, visible, writable } from './rows/tenant-sql.js';
import { sqliteColumns } from './rows/decode.js';
import type { EnvironmentProvisioningRecord, LandingZoneBootstrapRecord } from './ports/bootstrap-records.js';
import {
  environmentProvisioningAudit,
  toEnvironmentProvisioning,
  toZoneBootstrap,
  zoneBootstrapAudit,
  type EnvironmentProvisioningRow,
  type LandingZoneBootstrapRow,
} from './rows/bootstrap-rows.js';

/**
 * SQL for landing-zone publication and environment provisioning records: every write is a
 * compare-and-set on `version`, audited in the same transaction.
 */
export class BootstrapRepository {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.statements = {
      zone: db.prepare<[string], LandingZoneBootstrapRow>(
        `SELECT * FROM landing_zone_bootstrap WHERE landing_zone_id = ? AND ${visible()}`,
      ),
      zones: db.prepare<[], LandingZoneBootstrapRow>(`SELECT * FROM landing_zone_bootstrap WHERE ${visible()} ORDER BY landing_zone_id`),
      insertZone: db.prepare(
        `INSERT INTO landing_zone_bootstrap (landing_zone_id, status, status_reason, services, services_revision, published_revision,
           publishing_revision, system_environment_id, job_id, version, updated_at, tenant)
         SELECT @landingZoneId, @status, @statusReason, @services, @servicesRevision, @publishedRevision, @publishingRevision,
           @systemEnvironmentId, @jobId, 1, @updatedAt, tenant
         FROM landing_zones WHERE id = @landingZoneId AND ${writable()}
         ON CONFLICT (landing_zone_id) DO NOTHING`,
      ),
      updateZone: db.prepare(
        `UPDATE landing_zone_bootstrap SET status = @status, status_reason = @statusReason, services = @services,
           services_revision = @servicesRevision, published_revision = @publishedRevision, publishing_revision = @publishingRevision,
           system_environment_id = @systemEnvironmentId, job_id = @jobId, version = version + 1, updated_at = @updatedAt
         WHERE landing_zone_id = @landingZoneId AND version = @expected AND ${writable()}`,
      ),
      environment: db.prepare<[string], EnvironmentProvisioningRow>(
        `SELECT * FROM environment_provisioning WHERE environment_id = ? AND ${own()}`,
      ),
      environments: db.prepare<[], EnvironmentProvisioningRow>(
        `SELECT * FROM environment_provisioning WHERE ${own()} ORDER BY environment_id`,
      ),
      insertEnvironment: db.prepare(
        `INSERT INTO environment_provisioning (environment_id, status, status_reason, job_id, system_of, version, updated_at, tenant)
         SELECT @environmentId, @status, @statusReason, @jobId, @systemOf, 1, @updatedAt, ${NEW_TENANT}
         FROM environments WHERE id = @environmentId AND ${own()}
         ON CONFLICT (environment_id) DO NOTHING`,
      ),
      updateEnvironment: db.prepare(
        `UPDATE environment_provisioning SET status = @status, status_reason = @statusReason, job_id = @jobId, system_of = @systemOf,
           version = version + 1, updated_at = @updatedAt
         WHERE environment_id = @environmentId AND version = @expected AND ${own()}`,
      ),
    };
  }

  zone(landingZoneId: string): LandingZoneBootstrapRecord | undefined {
    const row = this.statements.zone.get(landingZoneId);
    return row && toZoneBootstrap(row, sqliteColumns);
  }

  zones(): LandingZoneBootstrapRecord[] {
    return this.statements.zones.all().map((row) => toZoneBootstrap(row, sqliteColumns));
  }

  putZone(record: Omit<LandingZoneBootstrapRecord, 'version'>, expectedVersion: number | null, action: string): boolean {
    return this.db.transaction(() => {
      const before = this.zone(record.landingZoneId);
      const values = { ...record, services: JSON.stringify(record.services) };
      const changed =
        expectedVersion === null
          ? this.statements.insertZone.run(values).changes
          : this.statements.updateZone.run({ ...values, expected: expectedVersion }).changes;
      if (changed === 0) return false;
      this.audit.record(zoneBootstrapAudit(this.actor, action, before, record), record.updatedAt);
      return true;
    })();
  }

  environment(environmentId: string): EnvironmentProvisioningRecord | undefined {
    const row = this.statements.environment.get(environmentId);
    return row && toEnvironmentProvisioning(row);
  }

  environments(): EnvironmentProvisioningRecord[] {
    return this.statements.environments.all().map(toEnvironmentProvisioning);
  }

  putEnvironment(record: Omit<EnvironmentProvisioningRecord, 'version'>, expectedVersion: number | null, action: string): boolean {
    return this.db.transaction(() => {
      const before = this.environment(record.environmentId);
      const changed =
        expectedVersion === null
          ? this.statements.insertEnvironment.run(record).changes
          : this.statements.updateEnvironment.run({ ...record, expected: expectedVersion }).changes;
      if (changed === 0) return false;
      this.audit.record(environmentProvisioningAudit(this.actor, action, before, record), record.updatedAt);
      return true;
    })();
  }
}
