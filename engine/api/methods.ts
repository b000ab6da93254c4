/**
 * The contract's method names and IPC channels, for engine-side code. They live in the common layer
 * (engine/common), which the preload script and the renderer import as well.
 */
export { METHOD_NAMES, isMethodName, type MethodName } from '../common/method-names.js';
export { APPROVAL_EVENT_CHANNEL, JOB_EVENT_CHANNEL, TOPOLOGY_EVENT_CHANNEL, ipcChannel } from '../common/ipc-channels.js';
