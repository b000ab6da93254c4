import type { MemorySample } from './measure.js';

/** What one benchmark case measured; cases run in their own process and print this as JSON. */
export interface CaseOutcome {
  /** Operations the timing covers (allocations, nodes planned, sorts). */
  count: number;
  ms: number;
  /** CPU time of the process over the same span (includes V8's helper threads), when measured. */
  cpuMs?: number;
  /** Fingerprint of the produced values: variants of the same work must agree. */
  digest: string;
  /** Correctness facts checked after the timed work, printed beside the numbers. */
  checks: string[];
  /** Named sub-timings in milliseconds, when a case can attribute its time. */
  parts?: Record<string, number>;
}

/** A case's outcome as run-case prints it: with its id and the memory of the process that ran it. */
export interface CaseResult extends CaseOutcome {
  id: string;
  memory: MemorySample;
}
