import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { EMPTY_POLICY, GovernanceService } from './policy.js';
import { runInRequest } from '../context/request-context.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
});
afterEach(async () => {
  await store.async.close();
  temp.remove();
});

describe('GovernanceService over the asynchronous store', () => {
  it('keeps one policy per tenant, unrestricted until set, and refuses a malformed one without storing it', () =>
    // A tenant's policy is read and written in a call of that tenant.
    runInRequest({ requestId: 'test', actor: 'alice', tenant: 'acme', clientAddress: null }, async () => {
      const governance = new GovernanceService(store.async.components);
      expect(await governance.get('acme')).toEqual(EMPTY_POLICY);
      const saved = await governance.set('acme', { deny: ['local-vm'], maxInstances: { 'local-storage': 2 } });
      expect(saved).toMatchObject({ deny: ['local-vm'], maxInstances: { 'local-storage': 2 } });
      expect(await governance.get('acme')).toEqual(saved);
      expect(await governance.get('other')).toEqual(EMPTY_POLICY);
      await expect(governance.set('acme', { deny: 'local-vm' })).rejects.toMatchObject({ code: 'invalid_input' });
      expect(await governance.get('acme')).toEqual(saved);
    }));
});
