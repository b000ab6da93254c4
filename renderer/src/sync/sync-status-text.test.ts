import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../engine/api/contract';
import { describeOfflineReplica, describeSyncStatus, lastSyncedAt } from './sync-status-text';

const base: SyncStatus = {
  connection: 'online',
  serverUrl: 'https://nimbus.example.com',
  waiting: 0,
  dead: 0,
  applied: 0,
  discarded: 0,
  lastSyncAt: null,
  lastError: null,
  nextAttemptAt: null,
};

describe('describeSyncStatus', () => {
  it('shows nothing while the app works locally', () => {
    expect(describeSyncStatus({ ...base, connection: 'local', serverUrl: null })).toBeNull();
  });

  it('says Synced with the time of the last sync', () => {
    const now = new Date(2026, 11, 6, 15, 0);
    const at = new Date(2026, 11, 6, 14, 2);
    const shown = describeSyncStatus({ ...base, lastSyncAt: at.toISOString(), applied: 3 }, now);
    expect(shown?.label).toBe(`Synced · ${at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`);
    expect(shown?.tone).toBe('ok');
    expect(describeSyncStatus(base)?.label).toBe('Synced');
  });

  it('counts the waiting changes, offline or not, in the singular and plural', () => {
    expect(describeSyncStatus({ ...base, connection: 'offline', waiting: 1 })?.label).toBe('Offline — 1 change waiting');
    expect(describeSyncStatus({ ...base, connection: 'offline', waiting: 3 })?.label).toBe('Offline — 3 changes waiting');
    expect(describeSyncStatus({ ...base, connection: 'offline' })?.label).toBe('Offline');
    expect(describeSyncStatus({ ...base, waiting: 2 })).toMatchObject({ label: '2 changes waiting', tone: 'busy' });
    expect(describeSyncStatus({ ...base, connection: 'signed_out', waiting: 1 })?.label).toBe('Signed out — 1 change waiting');
    // Shared topologies edited offline wait too, one change per topology.
    expect(describeSyncStatus({ ...base, connection: 'offline', waiting: 1, documentsWaiting: 2 })?.label).toBe(
      'Offline — 3 changes waiting',
    );
    expect(describeSyncStatus({ ...base, documentsWaiting: 1 })).toMatchObject({ label: '1 change waiting', tone: 'busy' });
  });

  it('warns of dead letters beside the state', () => {
    expect(describeSyncStatus({ ...base, dead: 1 })?.deadLabel).toBe('1 dead letter');
    expect(describeSyncStatus({ ...base, connection: 'offline', dead: 2 })?.deadLabel).toBe('2 dead letters');
    expect(describeSyncStatus(base)?.deadLabel).toBeNull();
  });

  it('says Synced with the later of the last sent change and the replica update', () => {
    const now = new Date(2026, 11, 6, 15, 0);
    const sent = new Date(2026, 11, 6, 13, 0).toISOString();
    const kept = new Date(2026, 11, 6, 14, 30).toISOString();
    const replica = { syncedAt: kept, records: 40, topologies: 2, lastError: null };
    expect(lastSyncedAt({ ...base, lastSyncAt: sent, replica })).toBe(kept);
    expect(lastSyncedAt({ ...base, lastSyncAt: kept, replica: { ...replica, syncedAt: sent } })).toBe(kept);
    expect(lastSyncedAt(base)).toBeNull();
    const shown = describeSyncStatus({ ...base, replica }, now);
    expect(shown?.label).toBe(`Synced · ${new Date(kept).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`);
    expect(shown?.description).toMatch(/keeps 40 answers/);
  });
});

describe('describeOfflineReplica', () => {
  const replica = { syncedAt: new Date(2026, 11, 6, 14, 2).toISOString(), records: 12, topologies: 1, lastError: null };
  it('hints, offline with kept answers, that pages show them read-only', () => {
    const hint = describeOfflineReplica({ ...base, connection: 'offline', replica }, new Date(2026, 11, 6, 15, 0));
    expect(hint).toMatch(/^Offline — showing what this desktop kept \(synced .+\)\. Read-only until the server answers\.$/);
    expect(describeSyncStatus({ ...base, connection: 'offline', waiting: 2, replica })?.description).toMatch(/read-only/);
  });

  it('says nothing online, locally, or with nothing kept', () => {
    expect(describeOfflineReplica({ ...base, replica })).toBeNull();
    expect(describeOfflineReplica({ ...base, connection: 'local', replica })).toBeNull();
    expect(describeOfflineReplica({ ...base, connection: 'offline', replica: { ...replica, records: 0 } })).toBeNull();
    expect(describeOfflineReplica({ ...base, connection: 'offline', replica: null })).toBeNull();
  });
});
