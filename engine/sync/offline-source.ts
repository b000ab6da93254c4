import type { MethodInput, MethodOutput } from '../api/contract.js';
import type { MethodName } from '../common/method-names.js';
import { canonicalJson } from '../files/canonical-json.js';

/**
 * The server's answers this desktop keeps for offline work: what `method` answered to `input` the
 * last time the server was reached, or undefined when this desktop never kept that answer. Offline
 * planning reads environments, component versions, the governance policy and the desktop's leases
 * through it, whoever keeps them (the replica of the server's data, or {@link AnswerKeeper}).
 */
export interface OfflineSource {
  answer<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined>;
}

/** The methods whose answers offline planning reads. */
export const PLANNING_READS: ReadonlySet<MethodName> = new Set<MethodName>([
  'listEnvironments',
  'getComponent',
  'getComponentVersion',
  'getGovernancePolicy',
  'listLeases',
  'listIpamPools',
  'getTopology',
]);

/** The key of one answer: the method and its input, independent of key order. */
export const answerKey = (method: string, input: unknown): string => `${method} ${canonicalJson(input ?? {})}`;

/**
 * The last answers of the server to the reads offline planning needs, per server and tenant, in
 * memory: what a desktop keeps when nothing else keeps the server's data for it. Answers of another
 * session are never mixed in: each server and tenant has its own.
 */
export class AnswerKeeper implements OfflineSource {
  private readonly answers = new Map<string, Map<string, unknown>>();
  private session: string | undefined;

  /** Follows the session whose answers are read and kept (undefined while local). */
  use(session: { url: string; tenant: string } | undefined): void {
    this.session = session ? `${session.url} ${session.tenant}` : undefined;
  }

  /** Keeps the answer of a read planning needs; other methods are ignored. */
  keep(method: MethodName, input: unknown, answer: unknown): void {
    if (!this.session || !PLANNING_READS.has(method)) return;
    let kept = this.answers.get(this.session);
    if (!kept) this.answers.set(this.session, (kept = new Map()));
    kept.set(answerKey(method, input), structuredClone(answer));
  }

  answer<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined> {
    const kept = this.session ? this.answers.get(this.session)?.get(answerKey(method, input)) : undefined;
    return Promise.resolve(kept === undefined ? undefined : (structuredClone(kept) as MethodOutput<M>));
  }
}

/**
 * The first answer any of `sources` keeps, in order: the replica of the server's data (kept on disk,
 * so it answers after a restart offline) before what planning kept as it passed.
 */
export function firstAnswerOf(...sources: OfflineSource[]): OfflineSource {
  return {
    async answer<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined> {
      for (const source of sources) {
        const kept = await source.answer(method, input);
        if (kept !== undefined) return kept;
      }
      return undefined;
    },
  };
}
