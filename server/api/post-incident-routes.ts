// Observations, accuracy and the scorecard (issue 5): filled in once the analysis lands.
import type { IncidentService } from '../service/incidents.js';
import type { GraphStore } from '../store/types.js';
import type { Route } from './route.js';

export function postIncidentRoutes(_store: GraphStore, _incidents: IncidentService): Route[] {
  return [];
}
