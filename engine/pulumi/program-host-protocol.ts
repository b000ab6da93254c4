/**
 * The messages between the engine and its program host (program-host.ts), a child process that runs
 * every Pulumi operation and housekeeping command of the engine through the Automation API. Plain
 * JSON over Node's IPC channel; each request has an id, and everything the host sends back names it.
 */
import type { JobEventBody } from '../api/schemas/jobs.js';
import type { ExportedStackState, OperationResult, StackLock } from './automation-adapter.js';
import type { StackOperation, StackTarget } from './stack-target.js';

/** A job event of a running operation, as the adapter maps it. */
export type HostJobEvent = Extract<JobEventBody, { type: 'resource.started' | 'resource.finished' | 'job.log' }>;

/** What the host can do, with its arguments and its result. */
export interface HostMethods {
  run: {
    params: {
      target: StackTarget;
      operation: StackOperation;
      clearPendingCreates?: boolean;
      refresh?: boolean;
      inline?: boolean;
    };
    result: OperationResult;
  };
  exists: { params: { target: StackTarget }; result: boolean };
  outputs: { params: { target: StackTarget }; result: Record<string, unknown> };
  exportState: { params: { target: StackTarget }; result: ExportedStackState };
  adoptPendingCreates: { params: { target: StackTarget }; result: string[] };
  cancel: { params: { target: StackTarget }; result: StackLock[] };
  remove: { params: { target: StackTarget }; result: boolean };
}

export type HostMethod = keyof HostMethods;

/** Engine → host. */
export type HostRequest =
  | { type: 'call'; id: number; method: HostMethod; params: HostMethods[HostMethod]['params'] }
  /** Interrupts the operation of request `id` (the CLI gets an interrupt, as when a signal aborts it). */
  | { type: 'abort'; id: number };

/** An error as it crosses the channel: a NimbusError keeps its class name, code and details. */
export interface HostError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

/** Host → engine. */
export type HostReply =
  | { type: 'event'; id: number; event: HostJobEvent }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: HostError };
