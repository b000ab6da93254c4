import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { NimbusError } from '../errors.js';
import { ApprovalRepository } from './approval-repository.js';
import { CostRepository } from './cost-repository.js';
import { AuditLog } from './audit.js';
import { ComponentRepository } from './component-repository.js';
import { StackRepository } from './stack-repository.js';
import { CmdbRepository } from './cmdb-repository.js';
import { DeploymentRepository } from './deployment-repository.js';
import { DriftRepository } from './drift-repository.js';
import { NotificationRepository } from './notification-repository.js';
import { IpamRepository } from './ipam-repository.js';
import { JobRepository } from './job-repository.js';
import { JournalRepository } from './journal-repository.js';
import { IdentityRepository } from './identity-repository.js';
import { IdempotencyRepository } from './idempotency-repository.js';
import { BootstrapRepository } from './bootstrap-repository.js';
import { OutboxRepository } from './outbox-repository.js';
import { DocumentReplicaRepository } from './document-replica-repository.js';
import { LeaseDrawRepository } from './lease-draw-repository.js';
import { ReplicaRepository } from './replica-repository.js';
import { LandingZoneRepository } from './landing-zone-repository.js';
import { LeaseRepository } from './lease-repository.js';
import { NamingRepository } from './naming-repository.js';
import { SecretRepository } from './secret-repository.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { SettingsRepository } from './settings-repository.js';
import { openSqlite, type SqliteDatabase } from './sqlite.js';
import { createSqliteStorePort, type SqliteStorePort } from './sqlite-store-port.js';
import { TopologyDocumentRepository } from './topology-document-repository.js';
import { DraftDocumentRepository } from './draft-document-repository.js';
import { DraftReplicaRepository } from './draft-replica-repository.js';
import { TopologyRepository } from './topology-repository.js';
import { registerTenantFunctions } from './tenant-functions.js';
// Bare metal.
import { BareMetalRepository } from './baremetal-repository.js';
import { CloudAccountRepository } from './cloud-account-repository.js';

/** The data directory cannot be created or written; nothing was opened. */
export class DataDirectoryError extends NimbusError {
  override name = 'DataDirectoryError';
  constructor(dir: string, reason: string) {
    super('data_dir_unusable', `The data directory ${dir} cannot be used: ${reason}. Choose another with --data DIR or NIMBUS_DATA_DIR.`, {
      dir,
    });
  }
}

/** Everything the engine persists locally, behind typed repositories. */
export interface Store {
  readonly file: string;
  readonly schemaVersion: number;
  readonly settings: SettingsRepository;
  readonly topologies: TopologyRepository;
  readonly topologyDocuments: TopologyDocumentRepository;
  readonly draftDocuments: DraftDocumentRepository;
  readonly jobs: JobRepository;
  readonly ipam: IpamRepository;
  readonly naming: NamingRepository;
  readonly leases: LeaseRepository;
  readonly secrets: SecretRepository;
  readonly landingZones: LandingZoneRepository;
  readonly components: ComponentRepository;
  readonly deployments: DeploymentRepository;
  /** The deployment journal and the per-environment deploy locks. */
  readonly journal: JournalRepository;
  readonly cmdb: CmdbRepository;
  readonly drift: DriftRepository;
  readonly notifications: NotificationRepository;
  readonly stacks: StackRepository;
  /** Tenants, users, groups, tokens, custom roles and role bindings of the shared server. */
  readonly identity: IdentityRepository;
  /** Approval policies and the requests of gated actions. */
  readonly approvals: ApprovalRepository;
  /** The idempotency keys of the HTTP API's calls. */
  readonly idempotency: IdempotencyRepository;
  /** Rate cards and imported pricing snapshots (cost estimates). */
  readonly costs: CostRepository;
  /** Landing-zone bootstrap and environment provisioning. */
  readonly bootstrap: BootstrapRepository;
  /** The changes this desktop keeps for a shared server until it applied them. */
  readonly outbox: OutboxRepository;
  /** The desktop's replicas of a shared server's topology documents (a local data directory only). */
  readonly documentReplicas: DocumentReplicaRepository;
  readonly draftReplicas: DraftReplicaRepository;
  /** The addresses and names this desktop drew from its leases while planning offline. */
  readonly leaseDraws: LeaseDrawRepository;
  /** The server answers this desktop keeps for offline browsing. */
  readonly replica: ReplicaRepository;
  readonly audit: AuditLog;
  /** Bare metal: provider registries, their machines and reservations. */
  readonly bareMetal: BareMetalRepository;
  /** Cloud accounts: provider credentials per landing zone. */
  readonly cloudAccounts: CloudAccountRepository;
  /** Runs `work` in one transaction: every write it made is undone if it throws. */
  transaction<T>(work: () => T): T;
  /**
   * Runs `work` against the real data and then undoes every write it made: previews use it to show
   * exactly what a commit would allocate while reserving nothing.
   */
  rehearse<T>(work: () => T): T;
  /**
   * The asynchronous face of this store (repository interfaces, units of work, rehearsals), sharing
   * its connection: the seam the services move to, and the one a PostgreSQL store implements too.
   */
  readonly async: SqliteStorePort;
  close(): void;
}

export const DATABASE_FILE = 'nimbus.db';

/** Makes sure `dir` exists and is writable, or throws a {@link DataDirectoryError} saying why. */
export function ensureWritableDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'a file is in the way'
          : String((error as Error).message);
    throw new DataDirectoryError(dir, reason);
  }
}

/** Opens the database in `dataDir`, migrating it to this build's schema (or refusing a newer one). */
export function openStore(dataDir: string, options: { actor?: string } = {}): Store {
  ensureWritableDirectory(dataDir);
  const file = path.join(dataDir, DATABASE_FILE);
  let db: SqliteDatabase;
  try {
    db = openSqlite(file);
    registerTenantFunctions(db);
  } catch (error) {
    throw new DataDirectoryError(dataDir, `the database could not be opened (${(error as Error).message})`);
  }
  try {
    const schemaVersion = migrate(db, MIGRATIONS, file);
    const actor = options.actor ?? 'local-user';
    const audit = new AuditLog(db);
    let port: SqliteStorePort | undefined;
    const store: Store = {
      file,
      schemaVersion,
      audit,
      settings: new SettingsRepository(db, audit, actor),
      topologies: new TopologyRepository(db, audit, actor),
      topologyDocuments: new TopologyDocumentRepository(db),
      draftDocuments: new DraftDocumentRepository(db),
      jobs: new JobRepository(db),
      ipam: new IpamRepository(db),
      naming: new NamingRepository(db),
      leases: new LeaseRepository(db),
      secrets: new SecretRepository(db),
      landingZones: new LandingZoneRepository(db),
      components: new ComponentRepository(db),
      deployments: new DeploymentRepository(db, audit, actor),
      journal: new JournalRepository(db),
      cmdb: new CmdbRepository(db),
      drift: new DriftRepository(db),
      notifications: new NotificationRepository(db, audit, actor),
      stacks: new StackRepository(db),
      identity: new IdentityRepository(db, audit, actor),
      approvals: new ApprovalRepository(db, audit, actor),
      bareMetal: new BareMetalRepository(db, audit, actor),
      idempotency: new IdempotencyRepository(db),
      costs: new CostRepository(db, audit, actor),
      bootstrap: new BootstrapRepository(db, audit, actor),
      outbox: new OutboxRepository(db, audit, actor),
      documentReplicas: new DocumentReplicaRepository(db),
      draftReplicas: new DraftReplicaRepository(db),
      leaseDraws: new LeaseDrawRepository(db),
      replica: new ReplicaRepository(db),
      cloudAccounts: new CloudAccountRepository(db, audit, actor),
      transaction: (work) => db.transaction(work).immediate(),
      rehearse: (work) => {
        db.exec('SAVEPOINT nimbus_rehearsal');
        try {
          return work();
        } finally {
          db.exec('ROLLBACK TO nimbus_rehearsal');
          db.exec('RELEASE nimbus_rehearsal');
        }
      },
      close: () => db.close(),
      get async() {
        return (port ??= createSqliteStorePort(db, store));
      },
    };
    return store;
  } catch (error) {
    db.close();
    throw error;
  }
}
