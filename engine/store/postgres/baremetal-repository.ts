import type { Machine } from '../../baremetal/registry-format.js';
import type { AuditEntry } from '../ports/deployment-records.js';
import type { RegistryRecord, RegistrySyncResult, ReservationRecord } from '../ports/baremetal-records.js';
import {
  REGISTRY_ENTITY,
  RESERVATION_ENTITY,
  registryExists,
  toMachine,
  toRegistry,
  toReservation,
  type RegistryRow,
  type ReservationRow,
} from '../rows/baremetal-rows.js';
import { own } from '../rows/tenant-sql.js';
import { recordAudit } from './audit.js';
import { json, type Sql } from './sql.js';

/** The bare-metal registry on PostgreSQL; every write is audited in its transaction. */
export class PgBareMetalRepository {
  constructor(private readonly actor: string) {}

  private record(
    sql: Sql,
    action: string,
    entity: string,
    entityId: string,
    oldValue: unknown,
    newValue: unknown,
    at: string,
  ): Promise<void> {
    const entry: AuditEntry = { actor: this.actor, action, entity, entityId, oldValue, newValue };
    return recordAudit(sql, entry, at);
  }

  async insertRegistry(sql: Sql, registry: RegistryRecord): Promise<void> {
    const inserted = await sql.run(
      `INSERT INTO baremetal_registries (id, name, source, created_at, last_sync) VALUES ($1, $2, $3, $4, NULL) ON CONFLICT DO NOTHING`,
      [registry.id, registry.name, registry.source, registry.createdAt],
    );
    if (inserted === 0) throw registryExists(registry.name);
    await this.record(
      sql,
      'baremetal-registry.add',
      REGISTRY_ENTITY,
      registry.id,
      null,
      { name: registry.name, source: registry.source },
      registry.createdAt,
    );
  }

  async registry(sql: Sql, idOrName: string): Promise<RegistryRecord | undefined> {
    const row = await sql.row<RegistryRow>(`SELECT * FROM baremetal_registries WHERE (id = $1 OR name = $1) AND ${own()}`, [idOrName]);
    return row && toRegistry(row);
  }

  async registries(sql: Sql): Promise<RegistryRecord[]> {
    return (await sql.rows<RegistryRow>(`SELECT * FROM baremetal_registries WHERE ${own()} ORDER BY name`)).map(toRegistry);
  }

  async recordSync(sql: Sql, registryId: string, result: RegistrySyncResult, machines: Machine[] | null): Promise<void> {
    const before = await sql.row<RegistryRow>(`SELECT * FROM baremetal_registries WHERE id = $1 AND ${own()} FOR UPDATE`, [registryId]);
    if (!before) return;
    await sql.run(`UPDATE baremetal_registries SET last_sync = $2 WHERE id = $1 AND ${own()}`, [registryId, json(result)]);
    if (machines) {
      await sql.run(`DELETE FROM baremetal_machines WHERE registry_id = $1 AND ${own()}`, [registryId]);
      for (const machine of machines) {
        await sql.run(
          `INSERT INTO baremetal_machines (tenant, id, registry_id, data) VALUES ((SELECT tenant FROM baremetal_registries WHERE id = $2), $1, $2, $3)`,
          [machine.id, registryId, json(machine)],
        );
      }
    }
    await this.record(sql, 'baremetal-registry.sync', REGISTRY_ENTITY, registryId, toRegistry(before).lastSync, result, result.at);
  }

  async machines(sql: Sql): Promise<Machine[]> {
    return (await sql.rows<{ data: unknown }>(`SELECT data FROM baremetal_machines WHERE ${own()} ORDER BY id`)).map((row) =>
      toMachine(row.data),
    );
  }

  async reservations(sql: Sql): Promise<ReservationRecord[]> {
    const rows = await sql.rows<ReservationRow>(
      `SELECT * FROM baremetal_reservations WHERE released_at IS NULL AND ${own()} ORDER BY machine_id`,
    );
    return rows.map(toReservation);
  }

  async reserve(sql: Sql, reservation: ReservationRecord): Promise<boolean> {
    const inserted = await sql.run(
      `INSERT INTO baremetal_reservations (id, machine_id, owner, node, reserved_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [reservation.id, reservation.machineId, reservation.owner, reservation.node, reservation.reservedAt],
    );
    if (inserted === 0) return false;
    await this.record(
      sql,
      'baremetal-reservation.reserve',
      RESERVATION_ENTITY,
      reservation.machineId,
      null,
      reservation,
      reservation.reservedAt,
    );
    return true;
  }

  async releaseOwner(sql: Sql, owner: string, at: string): Promise<ReservationRecord[]> {
    const held = (
      await sql.rows<ReservationRow>(
        `UPDATE baremetal_reservations SET released_at = $2 WHERE owner = $1 AND released_at IS NULL AND ${own()} RETURNING *`,
        [owner, at],
      )
    ).map(toReservation);
    held.sort((a, b) => (a.machineId < b.machineId ? -1 : 1));
    for (const reservation of held) {
      await this.record(sql, 'baremetal-reservation.release', RESERVATION_ENTITY, reservation.machineId, reservation, null, at);
    }
    return held;
  }
}
