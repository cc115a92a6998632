// The incident engine in time (CONTRACT.md §4–§6, §8) on the embedded store, over HTTP: random
// graphs nobody wrote by hand — all three kinds, cycles, gates, delays from PT0S to P2D, edge
// action classes, full and partial stops effective before and after arrival, stops on the source,
// clears, bulk writes, observations with times — compared consumer by consumer with the
// independent reference in test/support/incident-reference*.ts, at several asOf times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyStats, randomIncident } from '../support/incident-random.js';
import { Api } from '../support/incident-scenarios.js';
import { startTestServer, type TestServer } from '../support/server.js';

const RUNS = Number(process.env.INCIDENT_RANDOM_RUNS ?? 160);

describe('incident time engine against the reference (embedded store)', () => {
  let server: TestServer;
  let api: Api;
  const stats = emptyStats();
  beforeAll(async () => {
    server = await startTestServer();
    api = new Api(server.baseUrl);
  });
  afterAll(async () => {
    await server?.close();
  });

  const seeds = Array.from({ length: RUNS }, (_, i) => i + 1);
  it.each(seeds)('random incident, seed %i', async (seed) => {
    await randomIncident(api, seed, `r${seed}`, stats, { maxNodes: seed % 10 === 0 ? 40 : 16 });
  });

  it('the random runs exercised every feature they claim to', () => {
    console.log('incident-time stats', stats);
    expect(stats.held).toBeGreaterThan(10);
    expect(stats.lateStops).toBeGreaterThan(10);
    expect(stats.partialStops).toBeGreaterThan(10);
    expect(stats.sourceStops).toBeGreaterThan(10);
    expect(stats.clears).toBeGreaterThan(10);
    expect(stats.bulk).toBeGreaterThan(10);
    expect(stats.observed).toBeGreaterThan(10);
    expect(stats.unexplained).toBeGreaterThan(5);
    expect(stats.contained).toBeGreaterThan(5);
    expect(stats.plansCompared).toBeGreaterThan(RUNS / 3);
    expect(stats.unprotectable).toBeGreaterThan(3);
    expect(stats.applied).toBeGreaterThan(10);
  });
});
