import type { EnvironmentProvisioningRecord, LandingZoneBootstrapRecord } from '../ports/bootstrap-records.js';
import { postgresColumns } from '../rows/decode.js';
import { own, visible, writable } from '../rows/tenant-sql.js';
import {
  environmentProvisioningAudit,
  toEnvironmentProvisioning,
  toZoneBootstrap,
  zoneBootstrapAudit,
  type EnvironmentProvisioningRow,
  type LandingZoneBootstrapRow,
} from '../rows/bootstrap-rows.js';
import { recordAudit } from './audit.js';
import { json, type Sql } from './sql.js';

/**
 * Landing-zone publication and environment provisioning records on PostgreSQL: compare-and-set
 * writes on `version` (so two processes never both start a publish), audited in the same transaction.
 */
export class PgBootstrapRepository {
  constructor(private readonly actor: string) {}

  async zone(sql: Sql, landingZoneId: string): Promise<LandingZoneBootstrapRecord | undefined> {
    const row = await sql.row<LandingZoneBootstrapRow>(`SELECT * FROM landing_zone_bootstrap WHERE landing_zone_id = $1 AND ${visible()}`, [
      landingZoneId,
    ]);
    return row && toZoneBootstrap(row, postgresColumns);
  }

  async zones(sql: Sql): Promise<LandingZoneBootstrapRecord[]> {
    const rows = await sql.rows<LandingZoneBootstrapRow>(
      `SELECT * FROM landing_zone_bootstrap WHERE ${visible()} ORDER BY landing_zone_id`,
    );
    return rows.map((row) => toZoneBootstrap(row, postgresColumns));
  }

  async putZone(
    sql: Sql,
    record: Omit<LandingZoneBootstrapRecord, 'version'>,
    expectedVersion: number | null,
    action: string,
  ): Promise<boolean> {
    const before = await this.zone(sql, record.landingZoneId);
    const values = [
      record.landingZoneId,
      record.status,
      record.statusReason,
      json(record.services),
      record.servicesRevision,
      record.publishedRevision,
      record.publishingRevision,
      record.systemEnvironmentId,
      record.jobId,
      record.updatedAt,
    ];
    const changed =
      expectedVersion === null
        ? await sql.run(
            `INSERT INTO landing_zone_bootstrap (landing_zone_id, status, status_reason, services, services_revision, published_revision,
               publishing_revision, system_environment_id, job_id, version, updated_at, tenant)
             SELECT $1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, 1, $10, tenant
             FROM landing_zones WHERE id = $1 AND ${writable()}
             ON CONFLICT (landing_zone_id) DO NOTHING`,
            values,
          )
        : await sql.run(
            `UPDATE landing_zone_bootstrap SET status = $2, status_reason = $3, services = $4::jsonb, services_revision = $5,
               published_revision = $6, publishing_revision = $7, system_environment_id = $8, job_id = $9, version = version + 1,
               updated_at = $10
             WHERE landing_zone_id = $1 AND version = $11 AND ${writable()}`,
            [...values, expectedVersion],
          );
    if (changed === 0) return false;
    await recordAudit(sql, zoneBootstrapAudit(this.actor, action, before, record), record.updatedAt);
    return true;
  }

  async environment(sql: Sql, environmentId: string): Promise<EnvironmentProvisioningRecord | undefined> {
    const row = await sql.row<EnvironmentProvisioningRow>(`SELECT * FROM environment_provisioning WHERE environment_id = $1 AND ${own()}`, [
      environmentId,
    ]);
    return row && toEnvironmentProvisioning(row);
  }

  async environments(sql: Sql): Promise<EnvironmentProvisioningRecord[]> {
    const rows = await sql.rows<EnvironmentProvisioningRow>(
      `SELECT * FROM environment_provisioning WHERE ${own()} ORDER BY environment_id`,
    );
    return rows.map(toEnvironmentProvisioning);
  }

  async putEnvironment(
    sql: Sql,
    record: Omit<EnvironmentProvisioningRecord, 'version'>,
    expectedVersion: number | null,
    action: string,
  ): Promise<boolean> {
    const before = await this.environment(sql, record.environmentId);
    const values = [record.environmentId, record.status, record.statusReason, record.jobId, record.systemOf, record.updatedAt];
    const changed =
      expectedVersion === null
        ? await sql.run(
            `INSERT INTO environment_provisioning (environment_id, status, status_reason, job_id, system_of, version, updated_at)
             SELECT $1, $2, $3, $4, $5, 1, $6 FROM environments WHERE id = $1 AND ${own()}
             ON CONFLICT (environment_id) DO NOTHING`,
            values,
          )
        : await sql.run(
            `UPDATE environment_provisioning SET status = $2, status_reason = $3, job_id = $4, system_of = $5, version = version + 1,
               updated_at = $6
             WHERE environment_id = $1 AND version = $7 AND ${own()}`,
            [...values, expectedVersion],
          );
    if (changed === 0) return false;
    await recordAudit(sql, environmentProvisioningAudit(this.actor, action, before, record), record.updatedAt);
    return true;
  }
}
