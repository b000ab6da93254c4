import type { Machine } from '../baremetal/registry-format.js';
import type { AuditLog } from './audit.js';
import type { RegistryRecord, RegistrySyncResult, ReservationRecord } from './ports/baremetal-records.js';
import {
  REGISTRY_ENTITY,
  RESERVATION_ENTITY,
  registryExists,
  toMachine,
  toRegistry,
  toReservation,
  type RegistryRow,
  type ReservationRow,
} from './rows/baremetal-rows.js';
import { NEW_TENANT, own } from './rows/tenant-sql.js';
import type { SqliteDatabase } from './sqlite.js';

/** SQL of the bare-metal registry; every write is audited in its transaction. */
export class BareMetalRepository {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.statements = {
      insertRegistry: db.prepare(
        `INSERT INTO baremetal_registries (id, name, source, created_at, last_sync, tenant)
         VALUES (@id, @name, @source, @createdAt, NULL, ${NEW_TENANT}) ON CONFLICT DO NOTHING`,
      ),
      registry: db.prepare<[string, string], RegistryRow>(`SELECT * FROM baremetal_registries WHERE (id = ? OR name = ?) AND ${own()}`),
      registries: db.prepare<[], RegistryRow>(`SELECT * FROM baremetal_registries WHERE ${own()} ORDER BY name`),
      setSync: db.prepare(`UPDATE baremetal_registries SET last_sync = ? WHERE id = ? AND ${own()}`),
      clearMachines: db.prepare(`DELETE FROM baremetal_machines WHERE registry_id = ? AND ${own()}`),
      insertMachine: db.prepare(
        `INSERT INTO baremetal_machines (tenant, id, registry_id, data) VALUES ((SELECT tenant FROM baremetal_registries WHERE id = @registryId), @id, @registryId, @data)`,
      ),
      machines: db.prepare<[], { data: string }>(`SELECT data FROM baremetal_machines WHERE ${own()} ORDER BY id`),
      reservations: db.prepare<[], ReservationRow>(
        `SELECT * FROM baremetal_reservations WHERE released_at IS NULL AND ${own()} ORDER BY machine_id`,
      ),
      reserve: db.prepare(
        `INSERT INTO baremetal_reservations (id, machine_id, owner, node, reserved_at, tenant)
         VALUES (@id, @machineId, @owner, @node, @reservedAt, ${NEW_TENANT}) ON CONFLICT DO NOTHING`,
      ),
      byOwner: db.prepare<[string], ReservationRow>(
        `SELECT * FROM baremetal_reservations WHERE owner = ? AND released_at IS NULL AND ${own()} ORDER BY machine_id`,
      ),
      release: db.prepare(`UPDATE baremetal_reservations SET released_at = ? WHERE id = ? AND released_at IS NULL AND ${own()}`),
    };
  }

  private write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  private record(action: string, entity: string, entityId: string, oldValue: unknown, newValue: unknown, at: string): void {
    this.audit.record({ actor: this.actor, action, entity, entityId, oldValue, newValue }, at);
  }

  insertRegistry(registry: RegistryRecord): void {
    this.write(() => {
      if (this.statements.insertRegistry.run(registry).changes === 0) throw registryExists(registry.name);
      this.record(
        'baremetal-registry.add',
        REGISTRY_ENTITY,
        registry.id,
        null,
        { name: registry.name, source: registry.source },
        registry.createdAt,
      );
    });
  }

  registry(idOrName: string): RegistryRecord | undefined {
    const row = this.statements.registry.get(idOrName, idOrName);
    return row && toRegistry(row);
  }

  registries(): RegistryRecord[] {
    return this.statements.registries.all().map(toRegistry);
  }

  recordSync(registryId: string, result: RegistrySyncResult, machines: Machine[] | null): void {
    this.write(() => {
      const before = this.registry(registryId);
      if (!before) return;
      this.statements.setSync.run(JSON.stringify(result), registryId);
      if (machines) {
        this.statements.clearMachines.run(registryId);
        for (const machine of machines) this.statements.insertMachine.run({ registryId, id: machine.id, data: JSON.stringify(machine) });
      }
      this.record('baremetal-registry.sync', REGISTRY_ENTITY, registryId, before.lastSync, result, result.at);
    });
  }

  machines(): Machine[] {
    return this.statements.machines.all().map((row) => toMachine(row.data));
  }

  reservations(): ReservationRecord[] {
    return this.statements.reservations.all().map(toReservation);
  }

  reserve(reservation: ReservationRecord): boolean {
    return this.write(() => {
      if (this.statements.reserve.run(reservation).changes === 0) return false;
      this.record('baremetal-reservation.reserve', RESERVATION_ENTITY, reservation.machineId, null, reservation, reservation.reservedAt);
      return true;
    });
  }

  releaseOwner(owner: string, at: string): ReservationRecord[] {
    return this.write(() => {
      const held = this.statements.byOwner.all(owner).map(toReservation);
      for (const reservation of held) {
        this.statements.release.run(at, reservation.id);
        this.record('baremetal-reservation.release', RESERVATION_ENTITY, reservation.machineId, reservation, null, at);
      }
      return held;
    });
  }
}
