import { TopologyRunError } from '../../deploy/topology-deployer.js';
import { JobCancelledError } from '../../jobs/job-manager.js';
import { toWireError } from '../../errors.js';

/** At most this many characters of a reason are kept: enough to act on, small enough for a card. */
const MAX_REASON = 2_000;

/**
 * Why a provisioning or publish job failed, as a person reads it on a card: a topology run names
 * each failed node with its error, a cancel says so, anything else gives its message.
 */
export function failureReason(error: unknown, signal?: AbortSignal): string {
  if (signal?.aborted || error instanceof JobCancelledError) return 'Cancelled before it finished; retry to deploy the rest';
  if (error instanceof TopologyRunError) {
    const failed = error.jobResult.nodes.filter((node) => node.outcome === 'failed');
    if (failed.length > 0) return clip(failed.map((node) => `${node.label}: ${node.error?.message ?? 'failed'}`).join('; '));
  }
  return clip(toWireError(error).message);
}

function clip(text: string): string {
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}
