import type { TopologyEventNotice } from '../../../../engine/api/contract';
import type { RemoteChangeApplied } from '../use-topology-session';

/** The words of the notice: who changed the topology, and what became of the user's work. */
export function describeRemoteChange(
  notice: Extract<TopologyEventNotice, { type: 'topology.changed' }>,
  applied: RemoteChangeApplied,
): string {
  const who = notice.userName?.trim() || notice.userId;
  const parts = [who ? `${who} changed this topology` : 'Changes from the server were merged into this topology'];
  if (applied.keptLocal) parts.push('your unsaved edits are kept');
  if (applied.undoReset) parts.push('undo starts from here');
  return parts.join(' · ');
}
