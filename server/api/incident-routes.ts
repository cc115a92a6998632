// Incident routes (CONTRACT.md §3, §5, §6): open, read (whole, header, pages), decide (one or many),
// history, status, containment, live events, communications, report. Thin: each calls one service action.
import { z } from 'zod';
import {
  ApplyContainmentRequest,
  ApplyContainmentResult,
  BulkDecisionRequest,
  BulkDecisionResult,
  Communication,
  CommunicationRequest,
  CommunicationsResponse,
  ConsumersPage,
  ConsumersQuery,
  ContainmentPlan,
  DecisionRequest,
  DecisionResult,
  EdgesPage,
  EdgesQuery,
  HistoryResponse,
  Incident,
  IncidentHeader,
  IncidentQuery,
  IncidentsResponse,
  IsoDateTime,
  NodeName,
  Notifications,
  OpenIncidentRequest,
  StatusRequest,
} from '../../graph-schema/index.js';
import { reportMarkdown, worklistCsv } from '../analysis/report.js';
import type { IncidentService } from '../service/incidents.js';
import { incidentReport } from '../service/report.js';
import { serveEvents } from './events.js';
import { defineRoute, errorResponse, incidentIdOf, type Route } from './route.js';
import { validate } from '../validate.js';

const DecisionParams = z.object({ id: z.string().min(1).max(100), name: NodeName });
const AsOfQuery = z.object({ asOf: IsoDateTime.optional().meta({ description: 'Read as it stood then' }) });
const unknownIncident = errorResponse('Unknown incident');

export function incidentRoutes(incidents: IncidentService): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/incidents',
      tag: 'incidents',
      summary: 'Open an incident on the current revision: its radius is that revision’s, never copied',
      description:
        'outputAt (when the bad output was first produced) defaults to detectedAt and may not be after it; detectedAt defaults to now and may be at most 5 minutes ahead. actionClasses names what broke at the source (each must be one it declares).',
      body: OpenIncidentRequest,
      query: IncidentQuery.pick({ consumers: true }),
      status: 201,
      responses: { 201: { description: 'The incident (its header alone with ?consumers=false)', schema: Incident }, 400: errorResponse('Invalid request'), 404: errorResponse('Unknown source') },
      handler: async ({ body, actor, query }) => {
        const { by: _by, ...request } = body;
        const opened = await incidents.open(request, actor);
        return query.consumers ? incidents.get(opened.id) : opened;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents',
      tag: 'incidents',
      summary: 'Every incident, newest first, with decision counts; reads no radius',
      responses: { 200: { description: 'Incidents', schema: IncidentsResponse } },
      handler: async () => ({ incidents: await incidents.list() }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id',
      tag: 'incidents',
      summary: 'One incident at asOf: the header, summary and clocks, and (unless consumers=false) every consumer in time; never the edges',
      query: IncidentQuery,
      responses: { 200: { description: 'The incident (or its header with consumers=false)', schema: Incident }, 400: errorResponse('Bad asOf'), 404: unknownIncident },
      handler: async ({ req, query }) => {
        const id = incidentIdOf(req.params);
        return query.consumers ? incidents.get(id, query.asOf) : incidents.header(id, query.asOf);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/incidents/:id',
      tag: 'incidents',
      summary: 'Change the status: open, contained, resolved',
      body: StatusRequest,
      responses: { 200: { description: 'The incident header', schema: IncidentHeader }, 400: errorResponse('Invalid status'), 404: unknownIncident },
      handler: async ({ req, body, actor }) => incidents.setStatus(incidentIdOf(req.params), body.status, actor, body.note),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/consumers',
      tag: 'incidents',
      summary: 'One page of consumers, filtered and sorted (arrival: earliest first, never-arriving last)',
      query: ConsumersQuery,
      responses: { 200: { description: 'A page', schema: ConsumersPage }, 400: errorResponse('Bad filter or cursor'), 404: unknownIncident },
      handler: async ({ req, query }) => incidents.consumers(incidentIdOf(req.params), query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/edges',
      tag: 'incidents',
      summary: 'One page of the radius’s edges (from, to, gate, channel, mode, delaySeconds, actionClasses)',
      query: EdgesQuery,
      responses: { 200: { description: 'A page', schema: EdgesPage }, 400: errorResponse('Bad cursor'), 404: unknownIncident },
      handler: async ({ req, query }) => incidents.edges(incidentIdOf(req.params), query.limit, query.cursor),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/incidents/:id/decisions/:name',
      tag: 'incidents',
      summary: 'Decide one consumer (stop, correct, notify, clear) or the source (stop, clear)',
      description:
        'expectedVersion (0 when undecided) refuses the write if someone decided first. effectiveAt says when it took effect (default now; at most 5 minutes ahead). actionClasses with stop on an Agent is a partial stop. Clearing a stop needs a note. Answers the decision and the new summary.',
      body: DecisionRequest,
      responses: {
        200: { description: 'The decision in force (null after clear), its history entry and the summary', schema: DecisionResult },
        400: errorResponse('Invalid decision'),
        404: errorResponse('Unknown incident, or the name is neither the source nor a consumer'),
        409: errorResponse('expectedVersion is not the current version'),
      },
      handler: async ({ req, body, actor }) => {
        const { id, name } = validate(DecisionParams, req.params, 'path');
        const { by: _by, ...request } = body;
        return incidents.decide(id, name, request, actor);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/incidents/:id/decisions',
      tag: 'incidents',
      summary: 'Decide many at once: one atomic write, one history batch',
      description: 'A stale expectedVersions entry anywhere answers 409 listing every conflict, and nothing is written.',
      body: BulkDecisionRequest,
      responses: {
        200: { description: 'The entries written and the summary', schema: BulkDecisionResult },
        400: errorResponse('Invalid decision'),
        404: errorResponse('Unknown incident, or names outside the radius (each listed)'),
        409: errorResponse('Conflicts (each listed); nothing written'),
      },
      handler: async ({ req, body, actor }) => {
        const { by: _by, ...request } = body;
        return incidents.decideMany(incidentIdOf(req.params), request, actor);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/history',
      tag: 'incidents',
      summary: 'Every decision change, oldest first, never rewritten',
      responses: { 200: { description: 'History', schema: HistoryResponse }, 404: unknownIncident },
      handler: async ({ req }) => ({ history: await incidents.history(incidentIdOf(req.params)) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/containment',
      tag: 'incidents',
      summary: 'The containment plan at asOf: the source stop first, then the fewest not-yet-reached stops that save every savable pending Surface',
      query: AsOfQuery,
      responses: { 200: { description: 'The plan', schema: ContainmentPlan }, 400: errorResponse('Bad asOf'), 404: unknownIncident },
      handler: async ({ req, query }) => incidents.containment(incidentIdOf(req.params), query.asOf),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/incidents/:id/containment/apply',
      tag: 'incidents',
      summary: 'Apply the plan’s stops (and the source stop with includeSource) as one bulk decision',
      body: ApplyContainmentRequest,
      responses: {
        200: { description: 'The plan, the entries written and the summary', schema: ApplyContainmentResult },
        404: unknownIncident,
        409: errorResponse('A node in the plan was decided meanwhile; nothing written; fetch the plan again'),
      },
      handler: async ({ req, body, actor }) => incidents.applyContainment(incidentIdOf(req.params), actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/events',
      tag: 'incidents',
      summary: 'Server-sent events, one per log entry (decision, status, observations, communication), each with id: its seq; Last-Event-ID resumes without loss',
      responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' }, 404: unknownIncident },
      handler: async ({ req, res }) => serveEvents(incidents, incidentIdOf(req.params), req, res),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/notifications',
      tag: 'playbook',
      summary: 'Per audience: the reached and exposed Surfaces with owners and contacts, and a draft message naming the failure mode',
      query: AsOfQuery,
      responses: { 200: { description: 'Audiences, each with its draft', schema: Notifications }, 404: unknownIncident },
      handler: async ({ req, query }) => incidents.notifications(incidentIdOf(req.params), query.asOf),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/communications',
      tag: 'playbook',
      summary: 'Messages sent and filings made, oldest first (append-only)',
      responses: { 200: { description: 'Communications', schema: CommunicationsResponse }, 404: unknownIncident },
      handler: async ({ req }) => ({ communications: await incidents.communications(incidentIdOf(req.params)) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/incidents/:id/communications',
      tag: 'playbook',
      summary: 'Record a message sent or a filing made; a filing with regime and clock marks that clock filed',
      body: CommunicationRequest,
      status: 201,
      responses: { 201: { description: 'The communication', schema: Communication }, 400: errorResponse('Invalid'), 404: unknownIncident },
      handler: async ({ req, body, actor }) => incidents.addCommunication(incidentIdOf(req.params), body, actor),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/report',
      tag: 'incidents',
      summary: 'The postmortem artefact: markdown (default), json, or csv (the worklist: one row per consumer)',
      description:
        'Markdown and JSON: summary, regulatory clocks with their filings (not legal advice), who to tell per audience, did containment work (every stop, what it held, breaches from observations, re-enables), timeline, consumers, communications. All times UTC.',
      query: z.object({ format: z.enum(['markdown', 'json', 'csv']).default('markdown') }),
      responses: {
        200: { description: 'The report: Markdown, or JSON, or the CSV worklist, as format asks', contentType: 'text/markdown', alternatives: [{ contentType: 'application/json' }, { contentType: 'text/csv' }] },
        400: errorResponse('Unknown format'),
        404: unknownIncident,
      },
      handler: async ({ req, res, query }) => {
        const id = incidentIdOf(req.params);
        if (query.format === 'csv') {
          res.type('text/csv').attachment(`${id}-worklist.csv`).send(worklistCsv(await incidents.get(id)));
          return undefined;
        }
        // the control review, clocks and audiences too; accuracy when observations exist
        const report = await incidentReport(incidents, id);
        if (query.format === 'json') return report;
        res.type('text/markdown; charset=utf-8').send(reportMarkdown(report));
        return undefined;
      },
    }),
  ];
}
