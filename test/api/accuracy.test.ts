import { startTestServer } from '../support/server.js';
import { accuracyContract } from './accuracy-contract.js';

accuracyContract('embedded', { start: (options) => startTestServer({ demo: false, ...options }) });
