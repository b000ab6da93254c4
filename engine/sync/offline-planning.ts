import { contract } from '../api/contract.js';
import type { DispatchResult } from '../api/dispatcher.js';
import { NimbusError, toWireError } from '../errors.js';
import { logFailure, type Logger } from '../logging/logger.js';
import type { LinkCall, LinkInterceptor, LinkSession } from '../server-link/server-link.js';
import type { LeaseDrawPort } from '../store/ports/sync-records.js';
import { confirmDraws, type ConfirmationReport } from './lease-confirmation.js';
import type { AnswerKeeper } from './offline-source.js';
import type { OfflinePlanner } from './offline-planner.js';
import { leaseTopUp, type TopUpComponent, type TopUpEnvironment } from './lease-top-up.js';
import type { ResolverBindings } from '../components/bindings.js';

/** Addresses and names per component a desktop asks for when it keeps its own answers and holds no lease yet. */
const LEASE_ADDRESSES = 16;
const LEASE_NAMES_PER_COMPONENT = 8;

/** How offline planning sits on the link. */
export interface OfflinePlanningOptions {
  planner: OfflinePlanner;
  draws: LeaseDrawPort;
  logger: Logger;
  /** This desktop's id on the server (its leases are granted to and listed by it). */
  client: string;
  /**
   * Answers of the server this desktop keeps itself, when nothing else keeps them: every read
   * planning needs is kept as it passes, and after each plan made online the environment, governance,
   * components, pools and this desktop's leases are fetched, and a lease asked for when they lack
   * addresses or the components' names (see {@link leaseTopUp}).
   */
  keeper?: AnswerKeeper;
  /** How often provisional values are tried again while the server does not answer (default 5 s). */
  retryMs?: number;
}

const RETRY_MS = 5000;

/** Failures that mean the server cannot answer now: the values are tried again; any other is logged once. */
const PASSING: ReadonlySet<string> = new Set(['server_unreachable', 'service_unavailable', 'rate_limited', 'connection_lost']);

/**
 * Offline planning on the server link: answers `planTopology` from this desktop's leases when the
 * server cannot be reached, and once it answers again confirms every provisional value with it,
 * recording what it refused (the node then draws again, and the sync page says which value changed
 * and why).
 */
export class OfflinePlanning implements LinkInterceptor {
  private current: LinkSession | undefined;
  /** Whether provisional values may wait for confirmation (a plan was made offline, or the session changed). */
  private unconfirmed = true;
  private confirming: Promise<ConfirmationReport | undefined> | undefined;
  private readonly running = new Set<Promise<unknown>>();
  private disposed = false;
  private keeping: Promise<unknown> = Promise.resolve();
  /** Tries again while values wait and nothing else reaches the server (the app may only read this desktop's own state). */
  private readonly retry: ReturnType<typeof setInterval>;

  constructor(private readonly options: OfflinePlanningOptions) {
    this.retry = setInterval(() => {
      if (this.unconfirmed && this.current && !this.confirming) this.track(this.confirmNow());
    }, options.retryMs ?? RETRY_MS);
    this.retry.unref();
  }

  sessionChanged(session: LinkSession | undefined): void {
    this.current = session;
    this.options.keeper?.use(session);
    this.unconfirmed = true;
    if (session) this.track(this.confirmNow());
  }

  after(call: LinkCall, result: unknown): void {
    this.options.keeper?.keep(call.method, call.input, result);
    // The server answers: the first answer after a plan made offline (or a new session) confirms its values.
    if (this.unconfirmed) this.track(this.confirmNow());
    if (this.options.keeper && call.method === 'planTopology') this.track(this.keepForPlanning(call));
  }

  async offline(call: LinkCall): Promise<DispatchResult | undefined> {
    this.unconfirmed = true;
    if (call.method !== 'planTopology') return undefined;
    const parsed = contract.planTopology.input.safeParse(call.input ?? {});
    if (!parsed.success) return undefined;
    try {
      const result = await this.options.planner.plan(call.session, parsed.data);
      return { ok: true, result };
    } catch (error) {
      if (!(error instanceof NimbusError)) logFailure(this.options.logger, 'error', 'Planning offline failed', error);
      return { ok: false, error: toWireError(error) };
    }
  }

  /**
   * Confirms the provisional values of the current session with the server now (one round at a
   * time); undefined when there is no session or the server cannot be reached (they wait for the next).
   */
  confirmNow(): Promise<ConfirmationReport | undefined> {
    if (this.confirming) return this.confirming;
    const session = this.current;
    if (!session || this.disposed) return Promise.resolve(undefined);
    this.unconfirmed = false;
    const round = confirmDraws(this.options.draws, session)
      .catch((error: unknown) => {
        if (error instanceof NimbusError && PASSING.has(error.code)) this.unconfirmed = true;
        // Refused outright (a permission taken away): tried again with the next session or offline plan, not every few seconds.
        else logFailure(this.options.logger, 'warn', `Confirming the values drawn offline with ${session.url} failed`, error);
        return undefined;
      })
      .finally(() => {
        this.confirming = undefined;
      });
    this.confirming = round;
    return round;
  }

  /** Resolves once the work started in the background (confirmations, keeping answers) is done. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Stops starting work and waits for what runs. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.retry);
    await this.idle();
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => logFailure(this.options.logger, 'warn', 'Offline planning work failed', error));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** Fetches what planning offline in the call's environment needs, one call's worth at a time. */
  private keepForPlanning(call: LinkCall): Promise<void> {
    const run = this.keeping.then(() => this.keepNow(call));
    this.keeping = run.catch(() => undefined);
    return run;
  }

  /** The reads planning needs, kept; and a lease asked for when this desktop's leases lack addresses or the components' names. */
  private async keepNow(call: LinkCall): Promise<void> {
    const keeper = this.options.keeper;
    const parsed = contract.planTopology.input.safeParse(call.input ?? {});
    if (!keeper || !parsed.success || this.disposed) return;
    const { client } = call.session;
    const environments = await client.call('listEnvironments', {});
    keeper.keep('listEnvironments', {}, environments);
    keeper.keep('getGovernancePolicy', {}, await client.call('getGovernancePolicy', {}));
    keeper.keep('listIpamPools', {}, await client.call('listIpamPools', {}));
    let document = parsed.data.document;
    if (!document && parsed.data.id) {
      const topology = await client.call('getTopology', { id: parsed.data.id });
      keeper.keep('getTopology', { id: parsed.data.id }, topology);
      document = topology.document;
    }
    const refs = [...new Set((document?.nodes ?? []).map((node) => node.component))].filter((ref) => /^[a-z][a-z0-9-]*@\d+$/.test(ref));
    const components: TopUpComponent[] = [];
    for (const ref of refs) {
      const [name, version] = ref.split('@') as [string, string];
      const detail = await client.call('getComponent', { name });
      const content = await client.call('getComponentVersion', { name, version: Number(version) });
      keeper.keep('getComponent', { name }, detail);
      keeper.keep('getComponentVersion', { name, version: Number(version) }, content);
      components.push({
        ref,
        name,
        provider: detail.provider,
        semanticType: detail.semanticType,
        bindings: content.resolverBindings as ResolverBindings,
      });
    }
    const environment = environments.find((candidate) => candidate.name === parsed.data.environment);
    const leasesInput = { client: this.options.client, live: true };
    let leases = await client.call('listLeases', leasesInput);
    const topUp = environment
      ? leaseTopUp({ ...environment, config: environment.effective.config as TopUpEnvironment['config'] }, components, leases, {
          addresses: LEASE_ADDRESSES,
          namesPerComponent: LEASE_NAMES_PER_COMPONENT,
        })
      : null;
    if (topUp) {
      await client.call('grantLease', { environment: parsed.data.environment, client: this.options.client, ...topUp });
      leases = await client.call('listLeases', leasesInput);
    }
    keeper.keep('listLeases', leasesInput, leases);
  }
}
