import path from 'node:path';
import { runAsEngineWork } from './context/tenant-scope.js';
import { ownerAuthorizer, permissionAuthorizer, type Authorizer, type Caller } from './api/authorization.js';
import { permissionOf } from './common/method-permissions.js';
import { runInRequest } from './context/request-context.js';
import { identityHandlers, localIdentityHandlers } from './api/handlers/identity-handlers.js';
import { leaseHandlers, localLeaseHandlers } from './api/handlers/lease-handlers.js';
import { LeaseService } from './sync/lease-service.js';
import type { IdentityService } from './identity/identity-service.js';
import { PERMISSIONS } from './common/permissions.js';
import { ownerToken } from './identity/owner-token.js';
import { createDispatcher, type Dispatcher, type Handlers } from './api/dispatcher.js';
import { auditHandlers } from './api/handlers/audit-handlers.js';
import { approvalHandlers } from './api/handlers/approval-handlers.js';
import type { ApprovalNotifier } from './approvals/approval-notifier.js';
import { ApprovalService, parseRemoteApprovalEvent } from './approvals/approval-service.js';
import { registerTopologyApprovals } from './approvals/topology-approvals.js';
import { catalogHandlers } from './api/handlers/catalog-handlers.js';
import { draftDocumentHandlers } from './api/handlers/draft-document-handlers.js';
import { DraftDocumentService } from './sync/draft-document-service.js';
import { draftKindRules } from './sync/draft-rules.js';
import { DraftReplicas } from './sync/draft-replicas.js';
import { parseOrThrow } from './api/validate.js';
import { StackDocumentSchema } from './api/schemas/stacks.js';
import { provisionalValueHandlers } from './api/handlers/provisional-value-handlers.js';
import { componentToolHandlers } from './api/handlers/component-tools-handlers.js';
import { deploymentHandlers } from './api/handlers/deployment-handlers.js';
import { landingZoneHandlers } from './api/handlers/landing-zone-handlers.js';
import { landingZoneEditHandlers } from './api/handlers/landing-zone-edit-handlers.js';
import { cloudAccountHandlers } from './api/handlers/cloud-account-handlers.js';
import { planningHandlers } from './api/handlers/planning-handlers.js';
// Cost estimates.
import { costHandlers } from './api/handlers/cost-handlers.js';
import { sandboxHandlers } from './api/handlers/sandbox-handlers.js';
import { stackHandlers } from './api/handlers/stack-handlers.js';
import { EventRouter } from './events/event-router.js';
import { LocalObjectPoller } from './events/local-object-poller.js';
import { routeJobOutcomes } from './events/nimbus-events.js';
import { webhookToken } from './events/webhook-token.js';
import { StackRuntime } from './stacks/stack-runtime.js';
import type { StackService } from './stacks/stack-service.js';
import type { JobEvent } from './api/schemas/jobs.js';
import type { Backend, PulumiStatus } from './api/schemas/system.js';
import { DeployService } from './deploy/deploy-service.js';
import { bootstrapHandlers } from './api/handlers/bootstrap-handlers.js';
import { EnvironmentProvisioning } from './landing-zones/bootstrap/environment-provisioning.js';
import { SystemServices } from './landing-zones/bootstrap/system-services.js';
import { runPulumiCheck } from './diagnostics/pulumi-check.js';
import { NimbusError } from './errors.js';
import { JobManager } from './jobs/job-manager.js';
import type { JobQueue } from './jobs/job-queue.js';
import { createJsonLinesLogger, ENGINE_LOG_FILE, logLevelFromEnv, type FileLogger } from './logging/json-lines-logger.js';
import { logFailure, type Logger, type LogLevel } from './logging/logger.js';
import { dataPaths } from './paths.js';
import { locatePulumiCli } from './pulumi/locate-cli.js';
import { loadOrCreateKey } from './secrets/key-file.js';
import { createServices, type Services } from './services.js';
import type { StorePort } from './store/ports/store-port.js';
import { ensureWritableDirectory, openStore } from './store/store.js';
import { NIMBUS_VERSION } from './version.js';
import { NotificationService } from './notifications/notification-service.js';
import { DeliveryWorker, type DeliveryOptions } from './notifications/delivery-worker.js';
import { notifyJobOutcomes } from './notifications/engine-events.js';
import { approvalNotifications } from './notifications/approval-notifications.js';
import { notificationHandlers } from './api/handlers/notification-handlers.js';
import { readSavedLink, readSavedLinkIdentity, ServerLink } from './server-link/server-link.js';
import { bothWaiting, syncHandlers } from './api/handlers/sync-handlers.js';
import { topologyDocumentHandlers } from './api/handlers/topology-document-handlers.js';
// Bare metal.
import { bareMetalHandlers } from './api/handlers/baremetal-handlers.js';
import { parseRemoteTopologyEvent, TOPOLOGY_TOPIC, TopologyEvents } from './sync/topology-events.js';
import type { TopologyEventNotice } from './api/schemas/topology-documents.js';
import { TopologyDocumentService } from './sync/topology-document-service.js';
import { DocumentReplicas } from './sync/document-replicas.js';
import { connectToServer, type ServerClient } from './remote/server-client.js';
import { retryPolicyFromEnv } from './sync/backoff.js';
import { IdempotencyGuard } from './sync/idempotency-guard.js';
import { SyncOutbox, type SyncConnection } from './sync/sync-outbox.js';
import { OfflinePlanner } from './sync/offline-planner.js';
import { OfflinePlanning } from './sync/offline-planning.js';
import { normaliseServerUrl } from './remote/server-url.js';
import { dataDirClientId, readClientId } from './sync/replica/replica-client-id.js';
import type { ReplicaReader } from './sync/replica/replica-reader.js';
import { ServerReplica } from './sync/replica/server-replica.js';
// Backup and restore
import { backupHandlers } from './api/handlers/backup-handlers.js';
import { BackupRuns } from './backup/backup-runs.js';

export interface EngineOptions {
  dataDir: string;
  /**
   * The store to run on (a shared server's PostgreSQL store); by default the data directory's SQLite
   * database. The engine closes it when disposed.
   */
  store?: StorePort;
  /**
   * Who may call what: by default the owner of the data directory may do everything (the desktop,
   * `nimbus serve`); a shared server checks each caller's permissions (`permissionAuthorizer`).
   */
  authorizer?: Authorizer;
  /**
   * Run as a shared server: the team's users, tokens, tenants and roles through `identity`, every
   * call checked with `permissionAuthorizer` (unless `authorizer` says otherwise), and `url` as the
   * backend the system information names.
   */
  shared?: { identity: IdentityService; url?: () => string };
  /** Who the audit log names for changes made through this engine. */
  actor?: string;
  /**
   * Supplies the master key (Pulumi passphrase, secret encryption). The desktop app keeps it in the OS
   * keychain; headless engines default to a 0600 key file in the data directory.
   */
  secretKey?: () => string;
  /**
   * Where jobs run: by default in this process as they start. A shared server's processes share
   * one PostgreSQL queue (`openPostgresJobQueue`), so any of them runs any queued job and recovers
   * the jobs of one that died. The engine disposes it.
   */
  jobQueue?: JobQueue;
  /** Pulumi backend and parallelism; the data directory's file backend and 4 operations by default. */
  deploy?: { backendUrl?: string; backendEnv?: Record<string, string>; concurrency?: number };
  /**
   * Start recovering deployments an earlier engine left unfinished as soon as this one starts (the
   * app and `nimbus serve`). Short CLI commands leave it to the commands that deploy.
   */
  recoverOnStart?: boolean;
  /**
   * Watch the local provider's objects every this many milliseconds and route what changed as
   * events (the app and `nimbus serve`; NIMBUS_POLL_INTERVAL_MS overrides). Off when absent.
   */
  pollIntervalMs?: number;
  /**
   * Where the engine logs what it handles without telling a caller. Default: JSON lines in the data
   * directory's `logs/engine.log` (level from NIMBUS_LOG_LEVEL, else info).
   */
  logger?: Logger;
  /** With the default log, also write lines of this level and above to stderr, or to `write` (`nimbus serve`, `--debug`). */
  logToStderr?: { level: LogLevel; write?: (text: string) => void };
  /**
   * The app and `nimbus serve`: the user may connect to a shared server (Settings), and then the
   * engine's dispatcher and job events are the server's until they disconnect. A connection made
   * before is restored at start.
   */
  serverLink?: boolean;
  /** Where approval requests and decisions are announced; by default the notification gateway tells their subscribers. */
  approvalNotifier?: ApprovalNotifier;
  /**
   * Notification delivery: whether this engine sends due notifications (default: the long-lived
   * engines, those made with `recoverOnStart`; a shared server's processes with `--workers 0` do
   * not), and how it paces itself (the backoff unit also from NIMBUS_NOTIFY_BACKOFF_MS).
   */
  notifications?: { deliver?: boolean } & DeliveryOptions;
}

/** The broadcast topic of approval changes between a shared server's processes. */
const APPROVAL_TOPIC = 'approval';

/** How often a shared server ends leases past their expiry (freeing what they hold). */
const LEASE_SWEEP_MS = 60_000;

/** The running engine: one per data directory, shared by every transport. */
export interface Engine {
  readonly dataDir: string;
  /** The store every service uses: the data directory's SQLite database, or the one given in the options. */
  readonly store: StorePort;
  readonly services: Services;
  readonly jobs: JobManager;
  readonly deploy: DeployService;
  /** Approvals before deploy: policies, requests, decisions, and the gate stack workflows call (`approvalGate`). */
  readonly approvals: ApprovalService;
  readonly stacks: StackService;
  readonly stackRuntime: StackRuntime;
  readonly events: EventRouter;
  readonly poller: LocalObjectPoller;
  readonly dispatcher: Dispatcher;
  readonly logger: Logger;
  /** The notification gateway: channels, subscriptions, templates, queueing, the in-app bell, dead letters. */
  readonly notifications: NotificationService;
  /** This engine's notification sender, when it delivers (see {@link EngineOptions.notifications}). */
  readonly notificationDelivery: DeliveryWorker | undefined;
  /**
   * Settles once start-up is done (with `recoverOnStart`: crash recovery checked and, when needed,
   * started; stack instances restored). Serve requests only after it; deploy jobs wait for the
   * recovery itself to finish.
   */
  readonly ready: Promise<void>;
  /** The bearer token of the webhook endpoint of `nimbus serve`. */
  webhookToken(): Promise<string>;
  /** The bearer token of the HTTP API of `nimbus serve` (derived from the master key; `nimbus api token`). */
  ownerToken(): string;
  /** Who calls through this engine's own transports: the owner of the data directory, with every permission. */
  readonly owner: Caller;
  /** The link to a shared server, when the engine was made with `serverLink`. */
  readonly link: ServerLink | undefined;
  /** Runs HTTP API calls sent with `Idempotency-Key` at most once per key (a shared server, and nimbus serve). */
  readonly idempotency: IdempotencyGuard;
  /** The outbox of changes for a shared server: an engine on its own data directory has one, a shared server none. */
  readonly sync: SyncOutbox | undefined;
  /** Planning offline from this desktop's leases, and confirming what it drew once the server answers (with `serverLink`). */
  readonly offlinePlanning: OfflinePlanning | undefined;
  /**
   * What this desktop keeps of the shared server's data for offline browsing and planning (the reader
   * of kept answers and this data directory's leases); undefined for an engine without a server link.
   */
  readonly replica: ReplicaReader | undefined;
  /** Live notices about shared topologies, for the transports to push to their tenant's clients. */
  readonly topologyEvents: TopologyEvents;
  /** The number of jobs running in this engine now. */
  runningJobCount(): number;
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  /**
   * Whether `caller` may hear job `jobId`'s events: exactly when it could read the job (`getJob`: it
   * holds `job:read` and the job is its tenant's), answered without reading the job's record or events,
   * as the server asks it for every job's first event on every connection. Linked to a shared server,
   * the question goes to where the jobs are (`getJob` through the link). Never rejects.
   */
  mayFollowJob(caller: Caller, jobId: string): Promise<boolean>;
  dispose(): Promise<void>;
}

/** Composition root: opens the store, wires services and builds the API handlers. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  // The data directory holds the Pulumi state, work directories and logs whatever the store is.
  if (options.store) ensureWritableDirectory(options.dataDir);
  // The data directory's own database also holds the desktop's outbox of changes for a shared server.
  const localStore = options.store ? undefined : openStore(options.dataDir, options.actor ? { actor: options.actor } : {}).async;
  const store: StorePort = options.store ?? localStore!;
  const paths = dataPaths(options.dataDir);
  const ownLog = options.logger ? null : defaultLog(paths.logs, options.logToStderr);
  const logger: Logger = options.logger ?? ownLog!;
  let passphrase: string | undefined;
  const secretKey = (): string => (passphrase ??= options.secretKey ? options.secretKey() : loadOrCreateKey(paths.keyFile));
  let services: Services;
  try {
    services = await createServices(store, {
      secretKey,
      dataDir: options.dataDir,
      shared: Boolean(options.shared),
      ...(options.actor ? { actor: options.actor } : {}),
    });
  } catch (error) {
    await options.jobQueue?.dispose();
    await store.close();
    throw error;
  }
  const jobs = new JobManager(store.jobs, logger, options.jobQueue);
  const deliver = options.notifications?.deliver ?? Boolean(options.recoverOnStart);
  const notificationDelivery = deliver ? new DeliveryWorker(store, () => services.secrets(), logger, options.notifications) : undefined;
  const notifications = new NotificationService(
    store,
    () => services.secrets(),
    () => notificationDelivery?.kick(),
  );
  const approvals = new ApprovalService({
    store,
    mode: options.shared ? 'shared' : 'local',
    defaultActor: options.actor ?? 'local-user',
    logger,
    // The notification gateway tells subscribers of requests and decisions, unless a test hears them itself.
    notifier: options.approvalNotifier ?? approvalNotifications(notifications),
  });
  const deploy = new DeployService(store, services, jobs, {
    dataDir: options.dataDir,
    ...resolveDeployOptions(options.deploy),
    approvals,
  });
  registerTopologyApprovals(approvals, { store, services, deploy, jobs });
  approvals.startSweeping();
  // On a shared server, clients connected to any process see each decision live.
  const stopApprovalBroadcast = jobs.queue.broadcast
    ? approvals.onEvent((event) => jobs.queue.broadcast?.(APPROVAL_TOPIC, JSON.stringify(event)), { localOnly: true })
    : () => undefined;
  const stopApprovalHearing =
    jobs.queue.onBroadcast?.((topic, payload) => {
      const event = topic === APPROVAL_TOPIC ? parseRemoteApprovalEvent(payload) : null;
      if (event) approvals.hearRemote(event);
    }) ?? (() => undefined);
  const topologyEvents = new TopologyEvents(logger);
  // A change made in this process is heard here and, on a shared server, in every other process.
  const publishDocumentNotice = (tenant: string, notice: TopologyEventNotice) => {
    topologyEvents.emit({ tenant, notice });
    jobs.queue.broadcast?.(TOPOLOGY_TOPIC, JSON.stringify({ tenant, notice }));
  };
  const topologyDocuments = new TopologyDocumentService(store, publishDocumentNotice);
  const stopTopologyHearing =
    jobs.queue.onBroadcast?.((topic, payload) => {
      const event = topic === TOPOLOGY_TOPIC ? parseRemoteTopologyEvent(payload) : null;
      if (event) topologyEvents.emit(event);
    }) ?? (() => undefined);
  const stacks = services.stacks;
  const stackRuntime = new StackRuntime(store, stacks, deploy, jobs, services.viewer, logger, approvals);
  const events = new EventRouter(store.stacks, stackRuntime);
  const poller = new LocalObjectPoller(store, events, options.pollIntervalMs ?? 5000, logger);
  const stopJobEvents = routeJobOutcomes(jobs, events, store, logger);
  const stopJobNotifications = notifyJobOutcomes(jobs, notifications, store, logger);
  jobs.register('pulumi.check', (_payload, context) => runPulumiCheck(context, { dataDir: options.dataDir, passphrase: secretKey() }));
  // Landing-zone bootstrap and environment provisioning (their job runners are registered here, before the workers start).
  const systemServices = new SystemServices(store, services, jobs, deploy, logger);
  const provisioning = new EnvironmentProvisioning(store, services, jobs, deploy, logger);
  // Every runner and the recovery are registered: this process may take queued jobs now. The app
  // and `serve` bring every stack instance back in the state it was in; a workflow that was running
  // starts again once crash recovery is done (its deploy job waits for it). Both are the engine's
  // own work across every tenant (see context/tenant-scope.ts).
  const ready = jobs
    .startWorkers()
    .then(() =>
      options.recoverOnStart ? runAsEngineWork('recovery', () => deploy.recoverIfNeeded().then(() => stackRuntime.restore())) : undefined,
    );
  // Whoever awaits `ready` hears a failed start; nobody awaiting it is no unhandled rejection.
  ready.catch(() => undefined);
  if (options.pollIntervalMs) runAsEngineWork('poller', () => poller.start());
  notificationDelivery?.start();
  const shared = options.shared;
  // The server's address is known once it listens (a free port), so it is asked for each time.
  const backend = (): Backend => (shared ? { kind: 'server', url: shared.url?.() ?? '' } : { kind: 'local', dataDir: options.dataDir });
  // A shared server leases addresses and names to desktops planning offline, and frees what expired leases hold.
  const leases = shared ? new LeaseService(store, (environment, components) => deploy.resolutionInputsFor(environment, components)) : null;
  const leaseSweep = leases
    ? setInterval(() => {
        void runAsEngineWork('lease-expiry', () => leases.expireDue()).catch((error: unknown) =>
          logFailure(logger, 'error', 'Ending expired leases failed', error),
        );
      }, LEASE_SWEEP_MS)
    : undefined;
  leaseSweep?.unref();
  const owner: Caller = { id: options.actor ?? 'local-user', tenant: services.viewer.tenant, permissions: new Set(PERMISSIONS) };
  // The outbox of changes for the shared server this data directory's desktop is connected to.
  let savedLinkClient: Promise<{ url: string; client: ServerClient } | undefined> | undefined;
  const savedLink = (): Promise<SyncConnection | undefined> =>
    (savedLinkClient ??= readSavedLink(options.dataDir, services.secrets()).then((saved) =>
      saved ? { url: saved.url, client: connectToServer({ url: saved.url, token: saved.token }) } : undefined,
    ));
  const sync =
    localStore && !options.shared
      ? new SyncOutbox({
          outbox: localStore.outbox,
          connection: () => (link ? link.syncConnection() : savedLink()),
          policy: retryPolicyFromEnv(),
          logger,
        })
      : undefined;
  // The desktop's replicas of the shared server's topology documents (edited offline, merged on sync, live);
  // without a link (the CLI) they are only counted for `nimbus sync status`.
  const documentReplicas =
    localStore && !options.shared
      ? new DocumentReplicas({
          store: localStore.documentReplicas,
          events: topologyEvents,
          localTenant: owner.tenant,
          logger,
          policy: retryPolicyFromEnv(),
          keptSummaries: async () => replica?.answer('listTopologies', {}),
        })
      : undefined;
  // Component and stack drafts of the server, kept as documents so they are authored offline too.
  const draftReplicas =
    localStore && !options.shared
      ? new DraftReplicas({
          store: localStore.draftReplicas,
          users: localStore.documentReplicas,
          check: {
            component: (content) => services.components.checkContent(content) as unknown as Record<string, unknown>,
            stack: (content) => parseOrThrow(StackDocumentSchema, content, 'stack document') as unknown as Record<string, unknown>,
          },
          kept: async (call) => replica?.answer(call.method, call.input as never),
          observe: async (call, result) => replica?.after(call, result),
          events: topologyEvents,
          localTenant: owner.tenant,
          categoryOf: (semanticType) => {
            try {
              return services.semantics.type(semanticType).category;
            } catch {
              return undefined;
            }
          },
          logger,
          policy: retryPolicyFromEnv(),
        })
      : undefined;
  const waitingDocuments = documentReplicas && draftReplicas ? bothWaiting(documentReplicas, draftReplicas) : documentReplicas;

  // Backup and restore: an engine on its own data directory's database only (a shared server uses pg_dump).
  const backupRuns = localStore && !options.shared ? new BackupRuns({ dataDir: options.dataDir, secretKey, logger }) : undefined;
  const handlers: Handlers = {
    getSystemInfo: () => ({
      version: NIMBUS_VERSION,
      backend: backend(),
      schemaVersion: store.schemaVersion,
      platform: `${process.platform}-${process.arch}`,
    }),
    getSettings: () => store.settings.get(),
    updateSettings: (input) => store.settings.update(input),

    listTopologies: () => store.topologies.list(),
    getTopology: ({ id }) => store.topologies.get(id),
    getTopologyDraft: ({ id }) => store.topologies.getDraft(id),
    saveTopologyDraft: ({ id, baseRevision, document }) => store.topologies.saveDraft(id, baseRevision, document),
    discardTopologyDraft: async ({ id }) => ({ id, discarded: await store.topologies.discardDraft(id) }),

    getPulumiStatus: async (): Promise<PulumiStatus> => {
      try {
        const cli = await locatePulumiCli();
        return { available: true, cliPath: cli.command, version: cli.version, problem: null };
      } catch (error) {
        return { available: false, cliPath: null, version: null, problem: error instanceof NimbusError ? error.message : String(error) };
      }
    },
    startPulumiCheck: async () => {
      const job = await jobs.submit({ kind: 'pulumi.check', title: 'Pulumi self-check: preview, up and destroy', payload: {} });
      return { jobId: job.id };
    },

    listJobs: () => jobs.list(),
    getJob: async ({ id }) => ({ job: await jobs.get(id), events: await jobs.events(id) }),
    cancelJob: ({ id }) => jobs.cancel(id),

    ...catalogHandlers(services),
    ...landingZoneHandlers(services),
    // Editing and removing landing zones, environments, templates and pools.
    ...landingZoneEditHandlers(services),
    ...sandboxHandlers(services, store),
    ...planningHandlers(services, store),
    ...deploymentHandlers(deploy, store),
    ...componentToolHandlers(services, options.dataDir),
    ...auditHandlers(store),
    ...approvalHandlers(approvals, options.shared ? undefined : owner),
    ...notificationHandlers(notifications),
    ...stackHandlers(stacks, stackRuntime, events, services.viewer, services.catalog),
    ...(options.shared ? identityHandlers(options.shared.identity) : localIdentityHandlers(owner)),
    ...(leases ? leaseHandlers(leases) : localLeaseHandlers()),
    getServerConnection: () => link?.status() ?? { status: 'local' as const },
    connectServer: (input) => {
      if (!link) {
        throw new NimbusError(
          'local_only',
          options.shared
            ? 'A shared server does not connect to another server'
            : 'Only the desktop app and nimbus serve connect to a shared server (the CLI uses nimbus login)',
        );
      }
      return link.connect(input);
    },
    disconnectServer: () => link?.disconnect() ?? { status: 'local' as const },
    ...syncHandlers(sync, waitingDocuments, () => replica),
    ...provisionalValueHandlers(options.shared ? undefined : localStore?.leaseDraws),
    ...topologyDocumentHandlers(topologyDocuments),
    discardLocalDraft: async ({ kind, name }) => {
      if (!draftReplicas)
        throw new NimbusError('local_only', 'Only a desktop connected to a shared server holds drafts of its own to discard');
      return draftReplicas.discard(kind, name);
    },
    ...draftDocumentHandlers(
      new DraftDocumentService(store, draftKindRules(services.components), publishDocumentNotice),
      services.components,
      stacks,
      services.viewer,
    ),
    // Backup and restore of this machine's data directory
    ...backupHandlers(backupRuns),
    // Cost estimates.
    ...costHandlers(services, store),
    // Bare metal.
    ...bareMetalHandlers(services.bareMetal),
    // Cloud accounts: provider credentials per landing zone.
    ...cloudAccountHandlers(services.cloudAccounts),
    // Landing-zone bootstrap and environment provisioning (also answers listEnvironments and createEnvironment).
    ...bootstrapHandlers(systemServices, provisioning),
  };
  const idempotency = new IdempotencyGuard(store, { logger });
  const authorizer = options.authorizer ?? (options.shared ? permissionAuthorizer : ownerAuthorizer);
  const localDispatcher = createDispatcher(handlers, { authorizer, logger });
  let link: ServerLink | undefined;
  let offlinePlanning: OfflinePlanning | undefined;
  let replica: ServerReplica | undefined;
  if (options.serverLink && !options.shared) {
    link = new ServerLink({
      dataDir: options.dataDir,
      local: localDispatcher,
      localJobEvents: (listener) => jobs.subscribe(listener),
      secrets: () => services.secrets(),
      logger,
    });
    if (sync) link.useOutbox(sync);
    if (documentReplicas) link.intercept(documentReplicas);
    if (draftReplicas) link.intercept(draftReplicas);
    if (localStore) {
      const client = dataDirClientId(options.dataDir);
      // The replica of the server's data, kept in the data directory's own database for offline browsing.
      replica = new ServerReplica({
        store: localStore.replica,
        clientId: client,
        logger,
        topologiesListed: async (session, ids, askedAt) => {
          await documentReplicas?.topologiesListed(session, ids, askedAt);
          // Documents still held here (made or changed offline) are topologies the server may not have yet.
          const documents = await localStore.documentReplicas.list({ url: normaliseServerUrl(session.url), tenant: session.tenant });
          await offlinePlanning?.topologiesListed(session, ids, askedAt, new Set(documents.map((record) => record.topologyId)));
        },
      });
      link.intercept(replica);
      // Planning offline reads the replica; an online plan asks only for what it lacks, and tops the leases up.
      offlinePlanning = new OfflinePlanning({
        planner: new OfflinePlanner({
          source: replica,
          draws: localStore.leaseDraws,
          images: services.images,
          client,
        }),
        draws: localStore.leaseDraws,
        logger,
        client,
        kept: replica,
      });
      link.intercept(offlinePlanning);
    }
    await link.restore();
    // The app and nimbus serve drain the outbox; a CLI command sends it only when asked (nimbus sync now).
    if (sync) await sync.start();
  } else if (localStore && !options.shared) {
    // Without a link (the CLI) the saved session's replica is still shown, never updated.
    replica = new ServerReplica({
      store: localStore.replica,
      clientId: readClientId(options.dataDir) ?? '',
      logger,
      savedSession: () => readSavedLinkIdentity(options.dataDir),
    });
  }

  return {
    dataDir: options.dataDir,
    store,
    services,
    jobs,
    deploy,
    approvals,
    stacks,
    stackRuntime,
    events,
    poller,
    dispatcher: link?.dispatcher ?? localDispatcher,
    link,
    idempotency,
    sync,
    offlinePlanning,
    replica,
    logger,
    notifications,
    notificationDelivery,
    ready,
    webhookToken: () => webhookToken(services.secrets()),
    ownerToken: () => ownerToken(secretKey()),
    owner,
    runningJobCount: () => jobs.runningCount(),
    onJobEvent: (listener) => (link ? link.onJobEvent(listener) : jobs.subscribe(listener)),
    topologyEvents,
    async mayFollowJob(caller, jobId) {
      const requestId = `ws-audience-${jobId}`;
      if (link) return (await link.dispatcher.dispatch('getJob', { id: jobId }, { requestId, caller })).ok;
      try {
        authorizer.authorize('getJob', permissionOf('getJob'), caller);
        const request = { requestId, actor: caller.id, tenant: caller.tenant, clientAddress: null, permissions: caller.permissions };
        return await runInRequest(request, () => jobs.visible(jobId));
      } catch {
        return false;
      }
    },
    async dispose() {
      await ready.catch(() => undefined);
      documentReplicas?.dispose();
      draftReplicas?.dispose();
      await sync?.dispose();
      await replica?.dispose();
      await (await savedLinkClient?.catch(() => undefined))?.client.dispose();
      await offlinePlanning?.dispose();
      await link?.dispose();
      stopJobEvents();
      clearInterval(leaseSweep);
      stopApprovalBroadcast();
      stopApprovalHearing();
      stopTopologyHearing();
      approvals.dispose();
      stopJobNotifications();
      await notificationDelivery?.dispose();
      await poller.dispose();
      await stackRuntime.dispose();
      await jobs.dispose();
      // The Pulumi program host, once the jobs that used it have stopped.
      await deploy.runner.dispose();
      await backupRuns?.dispose();
      // Queued repository calls finish before the connection closes.
      await store.close();
      ownLog?.close();
    },
  };
}

/** The data directory's `logs/engine.log`, at NIMBUS_LOG_LEVEL (else info), mirrored to stderr when asked. */
function defaultLog(logsDir: string, stderr: EngineOptions['logToStderr']): FileLogger {
  const level = logLevelFromEnv();
  return createJsonLinesLogger({
    file: path.join(logsDir, ENGINE_LOG_FILE),
    ...(level ? { level } : {}),
    ...(stderr ? { stderrLevel: stderr.level, ...(stderr.write ? { stderr: stderr.write } : {}) } : {}),
  });
}

/** Deploy settings from the options, else NIMBUS_PULUMI_BACKEND_URL / NIMBUS_DEPLOY_CONCURRENCY. */
function resolveDeployOptions(
  given: EngineOptions['deploy'],
  env: NodeJS.ProcessEnv = process.env,
): { backendUrl?: string; backendEnv?: Record<string, string>; concurrency?: number } {
  const backendUrl = given?.backendUrl ?? env.NIMBUS_PULUMI_BACKEND_URL;
  const concurrencyText = env.NIMBUS_DEPLOY_CONCURRENCY;
  const concurrency =
    given?.concurrency ??
    (concurrencyText && /^\d+$/.test(concurrencyText) && Number(concurrencyText) > 0 ? Number(concurrencyText) : undefined);
  return {
    ...(backendUrl ? { backendUrl } : {}),
    ...(given?.backendEnv ? { backendEnv: given.backendEnv } : {}),
    ...(concurrency ? { concurrency } : {}),
  };
}
