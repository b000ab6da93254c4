import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NimbusError, ValidationError } from '../errors.js';
import type { RegistryRecord, RegistrySyncResult, ReservationRecord } from '../store/ports/baremetal-records.js';
import type { Repositories } from '../store/ports/repositories.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import { candidates, noCapacity, placementReason, type MachineRequirements, type Placement } from './placement.js';
import { MACHINE_ID, type Machine, type RegistryProblem } from './registry-format.js';
import { registryFiles, syncCheckout } from './registry-git.js';
import { MAX_REGISTRY_FILE_BYTES, parseRegistryFile } from './registry-parse.js';

/** Registries, machines and reservations, with the capacity each machine leaves free. */
export interface BareMetalOverview {
  registries: RegistryRecord[];
  machines: (Machine & { reservation: ReservationRecord | null })[];
  capacity: {
    machines: { total: number; reserved: number; free: number };
    cores: { total: number; reserved: number; free: number };
    memoryGb: { total: number; reserved: number; free: number };
    diskGb: { total: number; reserved: number; free: number };
  };
}

/** A git source as given: a URL (`https://…`, `ssh://…`, `git@host:path`, `file://…`) or a local path. */
function isUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^[^/\s]+@[^:\s]+:/.test(source);
}

/**
 * The bare-metal provider registry: records Git repositories of provider TOML files, syncs them into
 * the data directory (clone, then fetch and reset), validates every file (problems carry file and
 * line; a failed sync keeps the last good machines), and places nodes on free machines, reserving
 * them so no machine is ever given to two nodes.
 */
export class BareMetalService {
  /** Syncs of one registry run one after another in this process (they share a checkout). */
  private readonly syncing = new Map<string, Promise<unknown>>();

  /**
   * `localSources: false` (a shared server) takes registries by network URL only: a local path or a
   * `file://` URL would let a tenant read any Git repository on the server's disk.
   */
  constructor(
    private readonly store: RepositoryScope,
    private readonly dataDir: string,
    private readonly now: () => string = () => new Date().toISOString(),
    private readonly options: { localSources: boolean } = { localSources: true },
  ) {}

  /** Records a registry; its name defaults to the source's last path segment. */
  async addRegistry(input: { source: string; name?: string | undefined }): Promise<RegistryRecord> {
    const raw = input.source.trim();
    if (raw.length === 0 || raw.length > 2048 || /[\0\r\n]/.test(raw)) {
      throw new ValidationError('registry', [
        { path: 'source', message: 'must be a Git URL or a local path of at most 2048 characters on one line' },
      ]);
    }
    if (raw.startsWith('-')) throw new ValidationError('registry', [{ path: 'source', message: 'must not start with "-"' }]);
    if (!this.options.localSources && (!isUrl(raw) || /^file:/i.test(raw))) {
      throw new ValidationError('registry', [
        {
          path: 'source',
          message: 'a shared server takes a registry by its network URL (https://, ssh://, git@host:path), not a path on its disk',
        },
      ]);
    }
    const source = isUrl(raw) ? raw : path.resolve(raw);
    if (!isUrl(raw) && !existsSync(source)) {
      throw new ValidationError('registry', [{ path: 'source', message: `${source} does not exist` }]);
    }
    const name = input.name ?? path.basename(source.replace(/[/\\]+$/, '')).replace(/\.git$/, '');
    if (!MACHINE_ID.test(name)) {
      throw new ValidationError('registry', [
        { path: 'name', message: `${JSON.stringify(name.slice(0, 80))} must be 1–63 letters, digits, ".", "_" or "-": give --name` },
      ]);
    }
    const record: RegistryRecord = { id: randomUUID(), name, source, createdAt: this.now(), lastSync: null };
    await this.store.bareMetal.insertRegistry(record);
    return record;
  }

  listRegistries(): Promise<RegistryRecord[]> {
    return this.store.bareMetal.registries();
  }

  private async registry(idOrName: string): Promise<RegistryRecord> {
    const registry = await this.store.bareMetal.registry(idOrName);
    if (!registry)
      throw new NimbusError('not_found', `no registry ${idOrName}: add it with nimbus registry add`, { entity: 'registry', id: idOrName });
    return registry;
  }

  /**
   * Syncs one registry, or every one when none is named. A registry whose files have problems, or
   * whose git fails, records a failed result and keeps its last good machines.
   */
  async sync(idOrName?: string): Promise<RegistryRecord[]> {
    const targets = idOrName ? [await this.registry(idOrName)] : await this.store.bareMetal.registries();
    const results: RegistryRecord[] = [];
    for (const registry of targets) {
      const previous = this.syncing.get(registry.id) ?? Promise.resolve();
      const run = previous.catch(() => undefined).then(() => this.syncOne(registry));
      this.syncing.set(registry.id, run);
      try {
        results.push(await run);
      } finally {
        if (this.syncing.get(registry.id) === run) this.syncing.delete(registry.id);
      }
    }
    return results;
  }

  private async syncOne(registry: RegistryRecord): Promise<RegistryRecord> {
    const dir = path.join(this.dataDir, 'baremetal', 'registries', registry.id);
    let commit: string | null = null;
    let problems: RegistryProblem[] = [];
    let machines: Machine[] = [];
    try {
      commit = await syncCheckout(registry.source, dir);
      ({ problems, machines } = await this.readCheckout(registry, dir));
    } catch (error) {
      if (!(error instanceof NimbusError)) throw error;
      problems = [{ file: '', line: 0, message: error.message }];
    }
    const ok = problems.length === 0;
    const kept = ok ? machines.length : (registry.lastSync?.machines ?? 0);
    const result: RegistrySyncResult = {
      at: this.now(),
      status: ok ? 'ok' : 'failed',
      commit,
      problems: problems.slice(0, 200),
      machines: kept,
    };
    await this.store.bareMetal.recordSync(registry.id, result, ok ? machines : null);
    return { ...registry, lastSync: result };
  }

  /** Every file parsed; machine ids must be unique across files and across the tenant's other registries. */
  private async readCheckout(registry: RegistryRecord, dir: string): Promise<{ problems: RegistryProblem[]; machines: Machine[] }> {
    const problems: RegistryProblem[] = [];
    const machines: Machine[] = [];
    const providers = new Map<string, string>();
    const ids = new Map<string, string>();
    for (const other of await this.store.bareMetal.machines()) {
      if (other.registry !== registry.name) ids.set(other.id, `registry ${other.registry}`);
    }
    const files = await registryFiles(dir, MAX_REGISTRY_FILE_BYTES);
    if (files.length === 0) problems.push({ file: '', line: 0, message: 'the repository holds no .toml file' });
    for (const { name, source } of files) {
      if (source === null) {
        problems.push({ file: name, line: 0, message: `the file is larger than ${MAX_REGISTRY_FILE_BYTES} bytes` });
        continue;
      }
      const parsed = parseRegistryFile(name, source, registry.name);
      if (!parsed.ok) {
        problems.push(...parsed.problems);
        continue;
      }
      const earlier = providers.get(parsed.file.provider);
      if (earlier) problems.push({ file: name, line: 1, message: `provider ${parsed.file.provider} is also described in ${earlier}` });
      providers.set(parsed.file.provider, name);
      for (const machine of parsed.machines) {
        const other = ids.get(machine.id);
        if (other) problems.push({ file: name, line: 0, message: `duplicate machine id ${machine.id}: also in ${other}` });
        else ids.set(machine.id, name);
        machines.push(machine);
      }
    }
    return { problems, machines };
  }

  /** Registries, machines with their reservation, and the capacity reserved and free. */
  async overview(): Promise<BareMetalOverview> {
    const [registries, machines, reservations] = await Promise.all([
      this.store.bareMetal.registries(),
      this.store.bareMetal.machines(),
      this.store.bareMetal.reservations(),
    ]);
    const held = new Map(reservations.map((r) => [r.machineId, r]));
    const sum = (pick: (m: Machine) => number) => {
      const total = machines.reduce((n, m) => n + pick(m), 0);
      const reserved = machines.filter((m) => held.has(m.id)).reduce((n, m) => n + pick(m), 0);
      return { total, reserved, free: total - reserved };
    };
    return {
      registries,
      machines: machines.map((machine) => ({ ...machine, reservation: held.get(machine.id) ?? null })),
      capacity: { machines: sum(() => 1), cores: sum((m) => m.cpuCores), memoryGb: sum((m) => m.memoryGb), diskGb: sum((m) => m.diskGb) },
    };
  }

  /** The repositories to reserve through: the store, or an open unit of work (planning commits with it). */
  within(tx: Repositories): BareMetalService {
    const scoped = new BareMetalService({ ...tx, unitOfWork: (work) => work(tx) }, this.dataDir, this.now);
    return scoped;
  }

  /**
   * Chooses a machine for `needs`. With `owner`, it is reserved for it (a machine the owner already
   * holds is kept); a machine another node reserved meanwhile is skipped for the next candidate, so
   * concurrent placements never share one. Throws `capacity_unavailable` naming what is missing.
   */
  async place(needs: MachineRequirements, reserveFor?: { owner: string; node: string }): Promise<Placement> {
    const machines = await this.store.bareMetal.machines();
    const reservations = await this.store.bareMetal.reservations();
    if (reserveFor) {
      // A node deployed again keeps its machine (a preview places every node under one owner, so the node counts too).
      const mine = reservations.find((r) => r.owner === reserveFor.owner && r.node === reserveFor.node);
      const machine = mine && machines.find((m) => m.id === mine.machineId);
      if (machine) return { machine, reason: `capacity: ${machine.id} stays reserved for ${reserveFor.node}` };
    }
    const reserved = new Set(reservations.map((r) => r.machineId));
    for (const machine of candidates(machines, reserved, needs)) {
      const reason = placementReason(machine, machines, reserved, needs);
      if (!reserveFor) return { machine, reason };
      const reservation: ReservationRecord = {
        id: randomUUID(),
        machineId: machine.id,
        owner: reserveFor.owner,
        node: reserveFor.node,
        reservedAt: this.now(),
      };
      if (await this.store.bareMetal.reserve(reservation)) return { machine, reason };
      reserved.add(machine.id);
    }
    throw noCapacity(machines, reserved, needs);
  }

  /** Releases every machine `owner` holds (a destroyed or failed deployment). */
  releaseOwner(owner: string): Promise<ReservationRecord[]> {
    return this.store.bareMetal.releaseOwner(owner, this.now());
  }

  /** The machine with this id, or `not_found`. */
  async machine(id: string): Promise<Machine> {
    const machine = (await this.store.bareMetal.machines()).find((m) => m.id === id);
    if (!machine) throw new NimbusError('not_found', `no registered bare-metal machine ${id}`, { entity: 'machine', id });
    return machine;
  }
}
