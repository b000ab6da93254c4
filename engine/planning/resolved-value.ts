/** Where a parameter's value came from; shown beside every value in the plan. */
export type ValueSource = 'default' | 'user' | 'wire' | 'resolver' | 'constraint';

/**
 * One parameter after pre-resolution. `pending` values (an upstream output not deployed yet, a secret
 * generated on deploy) have no concrete value until deploy time; `detail` says where they come from.
 */
export interface ResolvedValue {
  value: unknown;
  source: ValueSource;
  pending?: boolean;
  detail?: string;
}
