import type { MethodOutput } from '../../../engine/api/contract';

// The stack runtime's shapes, read off the contract's method outputs (like api/entities.ts does for
// the rest), so this page names them one way and follows the contract without a copy.
export type StackInstance = MethodOutput<'listStackInstances'>[number];
export type StackInstanceStatus = StackInstance['status'];
export type StackInstanceDetail = MethodOutput<'getStackInstance'>;
export type StateHistoryEntry = StackInstanceDetail['history'][number];
export type InstanceOperation = StackInstanceDetail['operations'][number];
export type StackDocument = StackInstanceDetail['document'];
export type StackOperation = StackDocument['operations'][number];
export type OperationStep = StackOperation['steps'][number];
export type EventLogEntry = MethodOutput<'listEvents'>[number];
export type EventOutcome = EventLogEntry['outcomes'][number];
export type StackSummary = MethodOutput<'listStacks'>[number];
export type StackVersionInfo = MethodOutput<'listStackVersions'>[number];
