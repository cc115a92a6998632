import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedStore } from '../../server/store/embedded.js';
import type { GraphStore } from '../../server/store/types.js';
import { storeContract } from './store-contract.js';

storeContract('embedded', {
  async fresh() {
    const store = new EmbeddedStore(fs.mkdtempSync(path.join(os.tmpdir(), 'br-contract-')));
    await store.init();
    return store;
  },
  async reopen(store: GraphStore) {
    await store.close();
    const again = new EmbeddedStore((store as EmbeddedStore).dataDir);
    await again.init();
    return again;
  },
});
