import { contract, type MethodInput, type MethodOutput } from '../api/contract.js';
import type { MethodName } from '../common/method-names.js';
import type { DispatchResult } from '../api/dispatcher.js';
import { NimbusError, toWireError } from '../errors.js';
import { logFailure, type Logger } from '../logging/logger.js';
import type { LinkCall, LinkInterceptor, LinkSession } from '../server-link/server-link.js';
import type { LeaseDraw, LeaseDrawPort } from '../store/ports/sync-records.js';
import { drawsOfGoneNodes, releaseGoneDraws } from './draw-release.js';
import { confirmDraws, type ConfirmationReport } from './lease-confirmation.js';
import type { KeptAnswers } from './offline-source.js';
import type { OfflinePlanner } from './offline-planner.js';
import { keepLeases, type UpkeepComponent, type UpkeepEnvironment } from './lease-upkeep.js';
import type { ResolverBindings } from '../components/bindings.js';

/** How offline planning sits on the link. */
export interface OfflinePlanningOptions {
  planner: OfflinePlanner;
  draws: LeaseDrawPort;
  logger: Logger;
  /** This desktop's id on the server (its leases are granted to and listed by it). */
  client: string;
  /**
   * The server's answers this desktop keeps (its replica, which keeps every read as it passes): after
   * a plan made online, what planning offline needs is read from it, only what it lacks is asked for
   * (and kept there), and a lease asked for when this desktop's leases lack addresses or the
   * components' names (see {@link keepLeases}).
   */
  kept?: KeptAnswers;
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
  /** Confirming and releasing draws, one at a time: a draw is never confirmed after it was forgotten. */
  private drawWork: Promise<unknown> = Promise.resolve();
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
    this.unconfirmed = true;
    if (session) this.track(this.confirmNow());
  }

  after(call: LinkCall): void {
    // The server answers: the first answer after a plan made offline (or a new session) confirms its values.
    if (this.unconfirmed) this.track(this.confirmNow());
    if (this.options.kept && call.method === 'planTopology') this.track(this.keepForPlanning(call));
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
    const round = this.withDraws(() => confirmDraws(this.options.draws, session))
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

  /**
   * The server listed its topologies in full (`ids`, asked for at `askedAt`): the draws of a topology
   * it no longer has are released ({@link releaseGoneDraws}), unless this desktop still holds the
   * topology's document (`held`: made or changed here and not taken by the server yet) or drew them
   * after the list was asked for.
   */
  async topologiesListed(session: LinkSession, ids: ReadonlySet<string>, askedAt: string, held: ReadonlySet<string>): Promise<void> {
    try {
      await this.releaseGone(session, (draws) =>
        [...new Set(draws.map((draw) => draw.topology))]
          .filter((topology) => !ids.has(topology) && !held.has(topology))
          .flatMap((topology) => drawsOfGoneNodes(draws, topology, undefined))
          .filter((draw) => draw.drawnAt < askedAt),
      );
    } catch (error) {
      // The replica's update goes on; what was not released is released at the next sync.
      if (!(error instanceof NimbusError && PASSING.has(error.code)))
        logFailure(this.options.logger, 'warn', `Releasing the values drawn for deleted topologies on ${session.url} failed`, error);
    }
  }

  /** Releases the draws `pick` says are of gone nodes, with the server of `session` (after any confirmation under way). */
  private releaseGone(session: LinkSession, pick: (draws: LeaseDraw[]) => LeaseDraw[]): Promise<void> {
    return this.withDraws(async () => {
      const { draws, kept, logger } = this.options;
      const gone = pick(await draws.list({ serverUrl: session.url, serverTenant: session.tenant }));
      if (gone.length === 0 || this.disposed) return;
      const report = await releaseGoneDraws(draws, gone, {
        client: session.client,
        permissions: (await kept?.answer('whoAmI', {}))?.permissions,
      });
      if (report.leftOnServer.length > 0)
        logger.info(
          `Values drawn offline for nodes that are gone stay held on ${session.url} (an administrator can release them): ${report.leftOnServer.join(', ')}`,
        );
    });
  }

  private withDraws<T>(work: () => Promise<T>): Promise<T> {
    const run = this.drawWork.then(work, work);
    this.drawWork = run.catch(() => undefined);
    return run;
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => logFailure(this.options.logger, 'warn', 'Offline planning work failed', error));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** Brings what planning offline in the call's environment needs up to date, one call's worth at a time. */
  private keepForPlanning(call: LinkCall): Promise<void> {
    const run = this.keeping.then(() => this.keepNow(call));
    this.keeping = run.catch(() => undefined);
    return run;
  }

  /**
   * Reads what planning offline needs from the kept answers and asks the server only for what they
   * lack or no longer cover (an environment, pool or component version they do not have, the leases
   * after the server settled draws of them); then asks for a lease when the desktop's leases lack
   * addresses or the components' names ({@link keepLeases}). Nothing missing, nothing asked.
   */
  private async keepNow(call: LinkCall): Promise<void> {
    const kept = this.options.kept;
    const parsed = contract.planTopology.input.safeParse(call.input ?? {});
    if (!kept || !parsed.success || this.disposed) return;
    const request = parsed.data;
    const { session } = call;
    const ask = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      const answer = await session.client.call(method, input);
      await kept.keep(session, method, input, answer);
      return answer;
    };
    const read = async <M extends MethodName>(
      method: M,
      input: MethodInput<M>,
      covers: (answer: MethodOutput<M>) => boolean = () => true,
    ): Promise<MethodOutput<M>> => {
      const answer = await kept.answer(method, input);
      return answer !== undefined && covers(answer) ? answer : ask(method, input);
    };

    const environments = await read('listEnvironments', {}, (list) => list.some((each) => each.name === request.environment));
    const environment = environments.find((each) => each.name === request.environment);
    if (!environment) return;
    const config = environment.effective.config as UpkeepEnvironment['config'];
    await read('getGovernancePolicy', {});
    await read('listIpamPools', {}, (pools) => !config.ipam.pool || pools.some((pool) => pool.name === config.ipam.pool));
    const document = request.document ?? (request.id ? (await read('getTopology', { id: request.id })).document : undefined);
    const topology = request.id;
    if (topology && document) {
      const nodes = new Set(document.nodes.map((node) => node.id));
      await this.releaseGone(session, (draws) => drawsOfGoneNodes(draws, topology, nodes));
    }
    const refs = [...new Set((document?.nodes ?? []).map((node) => node.component))].filter((ref) => /^[a-z][a-z0-9-]*@\d+$/.test(ref));
    const components: UpkeepComponent[] = [];
    for (const ref of refs) {
      const [name, given] = ref.split('@') as [string, string];
      const version = Number(given);
      const detail = await read('getComponent', { name }, (answer) => answer.versions.some((each) => each.version === version));
      const content = await read('getComponentVersion', { name, version });
      components.push({
        ref,
        name,
        provider: detail.provider,
        semanticType: detail.semanticType,
        bindings: content.resolverBindings as ResolverBindings,
      });
    }
    const leasesInput = { client: this.options.client, live: true };
    // The server settled draws since the leases were heard: what they still hold (and whether they live) changed.
    const heard = await kept.fetchedAt('listLeases', leasesInput);
    const settled = heard
      ? (await this.options.draws.list({ serverUrl: session.url, serverTenant: session.tenant })).some(
          (draw) => draw.settledAt !== null && draw.settledAt >= heard,
        )
      : true;
    const leases = settled ? await ask('listLeases', leasesInput) : await read('listLeases', leasesInput);
    const upkeep = await keepLeases(
      { call: ask },
      {
        clientId: this.options.client,
        permissions: (await kept.answer('whoAmI', {}))?.permissions,
        environments: [{ name: environment.name, landingZone: environment.landingZone, config }],
        components,
        leases,
        now: Date.now(),
      },
    );
    if (upkeep.note) this.options.logger.info(`Offline leases on ${session.url}: ${upkeep.note}`);
  }
}
