/** Where a parameter's value came from; shown beside every value in the plan. */
export type ValueSource = 'default' | 'user' | 'wire' | 'resolver' | 'constraint' | 'drift-accepted';

/**
 * One parameter after pre-resolution. `pending` values (an upstream output not deployed yet, a secret
 * generated on deploy) have no concrete value until deploy time; `detail` says where they come from.
 */
export interface ResolvedValue {
  value: unknown;
  source: ValueSource;
  pending?: boolean;
  detail?: string;
  /**
   * For a `drift-accepted` value (the real object's value, taken into the record from a drift record):
   * the value it replaced. Later deploys keep the accepted value unless the topology now asks for
   * something other than this.
   */
  replaced?: unknown;
  /**
   * Drawn offline from this desktop's lease (an address or name the server set aside for it): the
   * server confirms it on sync, or it is resolved again and the user is told why.
   */
  provisional?: { lease: string; expiresAt: string };
}
