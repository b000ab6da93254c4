import { openStore } from '../store/store.js';
import { tempDir } from '../test-support/temp-dir.js';
import { identityServiceSuite } from './test-support/identity-service-suite.js';

identityServiceSuite('SQLite', async () => {
  const temp = tempDir('nimbus-identity-');
  const store = openStore(temp.dir);
  return {
    store: store.async,
    dispose: async () => {
      await store.async.close();
      temp.remove();
    },
  };
});
