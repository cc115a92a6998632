// `GET /incidents/{id}/notifications` (CONTRACT.md §7): the reached and exposed Surfaces grouped
// by audience, each group with its owners, contacts and a draft naming the failure mode in plain
// words. Pure: the incident view hands in its consumers and the node documents it read.
import {
  AUDIENCES,
  byArrivalTime,
  byName,
  FAILURE_MODE_WORDS,
  type AudienceGroup,
  type Clock,
  type FailureMode,
  type NodeDocument,
  type NodeKind,
  type Notifications,
  type NotificationSurface,
  type Reached,
  type Regime,
  type SurfaceAudience,
} from '../../graph-schema/index.js';
import { renderDraft, type Templates, type TemplateValues } from './templates.js';

export interface NotificationIncident {
  id: string;
  title: string;
  source: string;
  failureMode: FailureMode;
  outputRef?: string;
  outputAt: string;
  detectedAt: string;
}

/** What the incident view knows of each consumer (IncidentConsumer has all of it). */
export interface NotificationConsumer {
  name: string;
  kind: NodeKind;
  reached: Reached;
  exposed: boolean;
  arrival: string | null;
  owner?: string;
  title?: string;
  contact?: string;
  audience?: string;
}

export interface NotificationOptions {
  templates: Templates;
  /** The incident's clocks, listed in the regulator and board drafts. */
  clocks?: readonly Clock[];
  /** The regimes in force, for their names in the clock list. */
  regimes?: readonly Regime[];
  /** The regimes file's statement, closing the drafts that list deadlines. */
  notLegalAdvice?: string;
}

/** An ISO time as the artefacts write it: UTC, minutes, with the zone said. */
export function utcText(iso: string | null | undefined): string {
  if (!iso) return 'not yet';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` : iso;
}

const isAudience = (value: string | undefined): value is SurfaceAudience => (AUDIENCES as readonly string[]).includes(value ?? '');
const byArrival = (a: NotificationSurface, b: NotificationSurface) => byArrivalTime(a.arrival, b.arrival) || byName(a.name, b.name);
const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();

export function notificationsFor(
  incident: NotificationIncident,
  consumers: Iterable<NotificationConsumer>,
  nodesByName: ReadonlyMap<string, NodeDocument>,
  options: NotificationOptions,
): Notifications {
  const groups = new Map<SurfaceAudience, NotificationSurface[]>();
  let allReached = 0;
  let allExposed = 0;
  for (const c of consumers) {
    if (c.kind !== 'Surface' || (c.reached === false && !c.exposed)) continue;
    const doc = nodesByName.get(c.name);
    const audience = [c.audience, doc?.spec.audience].find(isAudience) ?? 'customer';
    const title = c.title ?? doc?.metadata.title;
    const contact = c.contact ?? doc?.metadata.contact;
    const surface: NotificationSurface = {
      name: c.name,
      ...(title ? { title } : {}),
      owner: c.owner ?? doc?.metadata.owner ?? 'unknown',
      ...(contact ? { contact } : {}),
      reached: c.reached,
      exposed: c.exposed,
      arrival: c.arrival,
    };
    if (c.reached !== false) allReached++;
    if (c.exposed) allExposed++;
    if (!groups.has(audience)) groups.set(audience, []);
    groups.get(audience)!.push(surface);
  }
  const source = nodesByName.get(incident.source);
  const common: TemplateValues = {
    incidentId: incident.id,
    incidentTitle: incident.title,
    failureMode: FAILURE_MODE_WORDS[incident.failureMode] ?? incident.failureMode,
    failureModeCode: incident.failureMode,
    sourceName: incident.source,
    sourceTitle: source?.metadata.title ?? incident.source,
    outputAt: utcText(incident.outputAt),
    detectedAt: utcText(incident.detectedAt),
    outputRef: incident.outputRef ?? 'not recorded',
    allSurfacesReached: String(allReached),
    allSurfacesExposed: String(allExposed),
    clockList: clockLines(options.clocks ?? [], options.regimes ?? []),
    notLegalAdvice: options.notLegalAdvice ?? 'The deadlines above are not legal advice.',
  };
  const audiences: AudienceGroup[] = AUDIENCES.filter((a) => groups.has(a)).map((audience) => {
    const surfaces = groups.get(audience)!.sort(byArrival);
    const owners = unique(surfaces.map((s) => s.owner));
    const contacts = unique(surfaces.map((s) => s.contact));
    const values: TemplateValues = {
      ...common,
      firstArrival: utcText(surfaces.find((s) => s.arrival !== null)?.arrival),
      surfaceTitles: surfaces.map((s) => s.title ?? s.name).join(', '),
      surfaceList: surfaces.map(surfaceLine),
      ownerList: owners,
      contactList: owners.map((owner) => {
        const reach = unique(surfaces.filter((s) => s.owner === owner).map((s) => s.contact));
        return reach.length ? `${owner}: ${reach.join(', ')}` : owner;
      }),
      reachedCount: String(surfaces.filter((s) => s.reached !== false).length),
      exposedCount: String(surfaces.filter((s) => s.exposed).length),
      surfaceCount: String(surfaces.length),
    };
    return { audience, surfaces, owners, contacts, draft: renderDraft(options.templates[audience], values) };
  });
  return { incident: incident.id, failureMode: incident.failureMode, failureModeText: String(common.failureMode), audiences };
}

function surfaceLine(s: NotificationSurface): string {
  const name = s.title ? `${s.title} (${s.name})` : s.name;
  const when =
    s.reached === 'observed'
      ? `reached (observed)${s.arrival ? `, expected ${utcText(s.arrival)}` : ''}`
      : s.reached === 'estimated'
        ? `reached at ${utcText(s.arrival)} (estimated)`
        : s.arrival
          ? `expected at ${utcText(s.arrival)}`
          : 'not reached yet';
  return `${name}: ${when}${s.exposed ? '; still exposed to new bad output' : ''}`;
}

function clockLines(clocks: readonly Clock[], regimes: readonly Regime[]): string[] {
  if (clocks.length === 0) return ['No reporting regime is triggered by the nodes this incident reached or can reach.'];
  const nameOf = new Map(regimes.map((r) => [r.id, r.name]));
  return clocks.map((c) => `${nameOf.get(c.regime) ?? c.regime}, ${c.name}: due ${utcText(c.due)} (${c.status}; triggered by ${c.triggeredBy.join(', ')})`);
}
