import { startTestServer } from '../support/server.js';
import { apiContract, type ServerHarness } from './api-contract.js';
import { incidentDecisionsContract } from './incident-decisions-contract.js';
import { incidentLiveContract } from './incident-live-contract.js';
import { incidentReadsContract } from './incident-reads-contract.js';

const harness: ServerHarness = { start: (options) => startTestServer({ demo: false, ...options }) };
apiContract('embedded', harness);
incidentReadsContract('embedded', harness);
incidentDecisionsContract('embedded', harness);
incidentLiveContract('embedded', harness);
