import type { ApprovalEventNotice, JobEvent, MethodName, TopologyEventNotice, WireError } from '../../../engine/api/contract';

/**
 * The browser shell's WebSocket messages, mirrored from `engine/server/ws-protocol.ts`: the renderer may
 * only depend on `engine/api`, and these shapes are small enough to keep in step by hand.
 */
export const WEBSOCKET_PATH = '/api/ws';

export interface CallMessage {
  type: 'call';
  id: number;
  method: MethodName;
  input: unknown;
}

export type ServerMessage =
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number | null; ok: false; error: WireError }
  | { type: 'job-event'; event: unknown }
  | { type: 'approval-event'; event: unknown }
  | { type: 'topology-event'; event: unknown };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Narrows a parsed frame to a server message; anything else is dropped by the caller. */
export function isServerMessage(value: unknown): value is ServerMessage {
  if (!isRecord(value)) return false;
  if (value['type'] === 'job-event' || value['type'] === 'approval-event' || value['type'] === 'topology-event') return 'event' in value;
  if (value['type'] !== 'result') return false;
  return value['ok'] === true ? typeof value['id'] === 'number' : isRecord(value['error']);
}

/** The engine validates events before sending them; this only guards against a foreign or garbled frame. */
export function isJobEvent(value: unknown): value is JobEvent {
  return (
    isRecord(value) &&
    typeof value['jobId'] === 'string' &&
    typeof value['seq'] === 'number' &&
    typeof value['type'] === 'string' &&
    typeof value['at'] === 'string'
  );
}

/** An approval event names its request and kind; anything else is a foreign or garbled frame. */
export function isApprovalEvent(value: unknown): value is ApprovalEventNotice {
  return (
    isRecord(value) &&
    typeof value['requestId'] === 'string' &&
    typeof value['status'] === 'string' &&
    typeof value['type'] === 'string' &&
    value['type'].startsWith('approval.')
  );
}

/** A topology notice names its topology, its kind and the user; anything else is a foreign or garbled frame. */
export function isTopologyEvent(value: unknown): value is TopologyEventNotice {
  if (isRecord(value) && value['type'] === 'draft.changed')
    return (
      (value['kind'] === 'component' || value['kind'] === 'stack') && typeof value['name'] === 'string' && typeof value['at'] === 'string'
    );
  if (!isRecord(value) || typeof value['topologyId'] !== 'string' || typeof value['at'] !== 'string') return false;
  if (value['type'] === 'topology.changed') return typeof value['revision'] === 'number';
  return value['type'] === 'topology.presence' && typeof value['userId'] === 'string' && Array.isArray(value['selection']);
}
