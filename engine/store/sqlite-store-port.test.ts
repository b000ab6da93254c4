import { storeContract } from './contract/index.js';
import { tempDir } from '../test-support/temp-dir.js';
import { openStore } from './store.js';

storeContract('SQLite', async () => {
  const temp = tempDir('nimbus-store-contract-');
  const store = openStore(temp.dir);
  return {
    store: store.async,
    dispose: async () => {
      await store.async.close();
      temp.remove();
    },
  };
});
