import { startTestServer } from '../support/server.js';
import { apiContract } from './api-contract.js';

apiContract('embedded', { start: (options) => startTestServer({ demo: false, ...options }) });
