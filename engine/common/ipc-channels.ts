import type { MethodName } from './method-names.js';

/** Electron IPC channel of one method: the main process registers it, the preload script invokes it. */
export const ipcChannel = (method: MethodName): string => `nimbus:${method}`;

/** Electron IPC channel on which the main process forwards job events to the renderer. */
export const JOB_EVENT_CHANNEL = 'nimbus:job-event';

/** Electron IPC channel on which the main process forwards approval events to the renderer. */
export const APPROVAL_EVENT_CHANNEL = 'nimbus:approval-event';

/** Electron IPC channel on which the main process forwards live notices about shared topologies to the renderer. */
export const TOPOLOGY_EVENT_CHANNEL = 'nimbus:topology-event';
