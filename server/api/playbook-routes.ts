// The playbook's reference data (CONTRACT.md §7): `GET /regimes`, the reporting regimes in force,
// as loaded and validated at start. The incident-side routes (notifications, communications)
// live with the incident routes, which call server/playbook.
import { RegimesFile } from '../../graph-schema/index.js';
import type { RegimeCatalog } from '../playbook/regimes.js';
import { defineRoute, type Route } from './route.js';

export function playbookRoutes(regimes: RegimeCatalog): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/regimes',
      tag: 'playbook',
      summary: 'The reporting regimes in force, with their clocks, sources and the date checked (not legal advice)',
      storeless: true,
      description:
        'Loaded at start from regimes/regimes.yaml, or the file BLAST_RADIUS_REGIMES names. `within` is an ISO 8601 duration (PT72H, P15D), PnM calendar months, or nBD business days (weekends skipped, holidays not); every clock runs from the incident\'s detectedAt.',
      responses: { 200: { description: 'The regimes file as loaded: version, date checked, regimes', schema: RegimesFile } },
      handler: async ({ res }) => {
        // the file changes only with a restart: its version names the content
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('ETag', `"regimes-v${regimes.version}-${regimes.checked}"`);
        return regimes;
      },
    }),
  ];
}
