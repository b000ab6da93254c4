import type { MethodName } from './method-names.js';

/**
 * Methods this machine answers itself even while connected to a shared server: the link to the
 * server, this machine's own preferences, and its outbox of changes for the server. They are never
 * forwarded to the server and never queued for it.
 */
export const MACHINE_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'getServerConnection',
  'connectServer',
  'disconnectServer',
  'getSettings',
  'updateSettings',
  'syncStatus',
  'syncNow',
  'listOutbox',
  'retryOutboxEntry',
  'discardOutboxEntry',
  'queueForServer',
  'listProvisionalValues',
  'discardLocalDraft',
  // Backup and restore
  'startBackup',
  'startRestore',
  'getBackupRun',
]);
