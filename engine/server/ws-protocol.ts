import { z } from 'zod';

/** A request from a WebSocket client: call one API method. `id` pairs the reply with the call. */
export const ClientMessageSchema = z
  .object({
    type: z.literal('call'),
    id: z.number().int().nonnegative(),
    method: z.string().max(100),
    input: z.unknown().optional(),
    /** As the HTTP API's `Idempotency-Key` header: a repeated call with the key gets the first answer. */
    idempotencyKey: z.string().max(200).optional(),
  })
  .strict();
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** Messages the server sends: the reply to a call, or a job event pushed to every client. */
export type ServerMessage =
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number | null; ok: false; error: { code: string; message: string; details: Record<string, unknown> } }
  | { type: 'job-event'; event: unknown }
  /** An approval request changed (see `ApprovalEvent` in `../approvals/approval-service.ts`): its tenant's readers hear it. */
  | { type: 'approval-event'; event: unknown }
  /** A shared topology changed or an editor moved their selection (`TopologyEventNotice`): its tenant's readers hear it. */
  | { type: 'topology-event'; event: unknown };

/** Path of the WebSocket endpoint on `nimbus serve`. */
export const WS_PATH = '/api/ws';
