import { afterEach, beforeEach } from 'vitest';
import type { StorePort } from '../ports/store-port.js';
import { runInRequest } from '../../context/request-context.js';

/**
 * Opens an empty store at the newest schema, and the function that closes it and removes what it
 * left (a temporary directory, a PostgreSQL database). The contract suites call it once per test.
 */
export type StoreFactory = () => Promise<{ store: StorePort; dispose: () => Promise<void> }>;

/** A fresh store for every test of the calling `describe`, disposed after it. */
export function useStore(factory: StoreFactory): () => StorePort {
  let opened: Awaited<ReturnType<StoreFactory>> | undefined;
  beforeEach(async () => {
    opened = await factory();
  });
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });
  return () => {
    if (!opened) throw new Error('the store is opened in beforeEach');
    return opened.store;
  };
}

/** A deployment as a deploy creates it, with a few fields chosen by the test. */
export function newDeployment(id: string, environment = 'dev', topology = 'office') {
  return {
    id,
    environment,
    topology,
    nodeId: `node-${id}`,
    label: `Label ${id}`,
    component: 'local-network',
    version: 1,
    provider: 'local',
    semanticType: 'VirtualNetwork',
    stackName: `stack-${id}`,
    owner: `deployment:${id}`,
    values: { mtu: { value: 1500, source: 'user' as const } },
  };
}

/** Runs `work` as a call of a caller in `tenant` (the store limits every read and write to it). */
export function asTenant<T>(tenant: string, work: () => Promise<T>): Promise<T> {
  return runInRequest({ requestId: `test-${tenant}`, actor: `user-of-${tenant}`, tenant, clientAddress: null }, work);
}
