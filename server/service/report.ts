// The postmortem artefact for one incident, read now: the incident, its history and
// communications, the regimes in force, and the accuracy when observations exist (the control
// review judges breaches with it).
import { buildReport, type IncidentReport } from '../analysis/report.js';
import type { IncidentService } from './incidents.js';

export async function incidentReport(incidents: IncidentService, id: string, now = new Date()): Promise<IncidentReport> {
  const incident = await incidents.get(id);
  const [history, communications, accuracy] = await Promise.all([incidents.history(id), incidents.communications(id), incidents.reportAccuracy(id)]);
  const regimes = incidents.regimes;
  return buildReport(incident, history, communications, now, { ...(accuracy ? { accuracy } : {}), ...(regimes ? { regimes } : {}) });
}
