// Incident routes (CONTRACT.md §3): open, read, decide, history, status, containment, live events, report.
import { z } from 'zod';
import {
  ActorField,
  ContainmentPlan,
  Decision,
  DecisionRequest,
  HistoryEntry,
  Incident,
  IncidentSummary,
  NodeName,
  OpenIncidentRequest,
  StatusRequest,
} from '../../graph-schema/index.js';
import { undecidedByArrival } from '../analysis/exposure.js';
import { buildReport, reportMarkdown, worklistCsv } from '../analysis/report.js';
import type { IncidentEvent, IncidentService } from '../service/incidents.js';
import type { GraphStore } from '../store/types.js';
import { defineRoute, errorResponse, incidentIdOf, validate, type Route } from './route.js';

const DecisionParams = z.object({ id: z.string().min(1).max(100), name: NodeName });

export function incidentRoutes(store: GraphStore, incidents: IncidentService): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/incidents',
      tag: 'incidents',
      summary: 'Open an incident; its blast radius is frozen at the current revision',
      body: OpenIncidentRequest,
      status: 201,
      responses: { 201: { description: 'The incident', schema: Incident }, 400: errorResponse('Invalid request'), 404: errorResponse('Unknown source') },
      handler: async ({ body, actor }) => incidents.open(body, actor),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents',
      tag: 'incidents',
      summary: 'Every incident, newest first, with progress',
      responses: { 200: { description: 'Incidents', schema: z.object({ incidents: z.array(IncidentSummary) }) } },
      handler: async () => ({ incidents: await incidents.list() }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id',
      tag: 'incidents',
      summary: 'One incident: every consumer with its decision, the remaining exposure and progress',
      responses: { 200: { description: 'The incident', schema: Incident }, 404: errorResponse('Unknown incident') },
      handler: async ({ req }) => incidents.get(incidentIdOf(req.params)),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/incidents/:id',
      tag: 'incidents',
      summary: 'Change the status: open, contained, resolved',
      body: StatusRequest,
      responses: { 200: { description: 'The incident', schema: Incident }, 400: errorResponse('Invalid status'), 404: errorResponse('Unknown incident') },
      handler: async ({ req, body, actor }) => incidents.setStatus(incidentIdOf(req.params), body.status, actor, body.note),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/incidents/:id/decisions/:name',
      tag: 'incidents',
      summary: 'Mark one consumer stop, correct or notify',
      description: 'Send expectedVersion (0 when undecided) to refuse the write if someone else decided first. The X-Actor header names who decides.',
      body: DecisionRequest,
      responses: {
        200: { description: 'The decision', schema: Decision },
        400: errorResponse('Invalid action'),
        404: errorResponse('Unknown incident, or the name is not a consumer of it'),
        409: errorResponse('expectedVersion is not the current version'),
      },
      handler: async ({ req, body, actor }) => {
        const { id, name } = validate(DecisionParams, req.params, 'path');
        return incidents.decide(id, name, body, actor);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/history',
      tag: 'incidents',
      summary: 'Every decision change, oldest first, never rewritten',
      responses: { 200: { description: 'History', schema: z.object({ history: z.array(HistoryEntry) }) }, 404: errorResponse('Unknown incident') },
      handler: async ({ req }) => {
        const id = incidentIdOf(req.params);
        await incidents.record(id);
        return { history: await store.history(id) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/queue',
      tag: 'incidents',
      summary: 'Undecided consumers in the order the bad output reaches them: what to act on first',
      responses: { 200: { description: 'Queue', schema: z.object({ undecided: z.array(z.object({ name: z.string(), kind: z.string(), estimatedArrival: z.string().nullable(), suggestedAction: z.string() })) }) }, 404: errorResponse('Unknown incident') },
      handler: async ({ req }) => ({
        undecided: undecidedByArrival(await incidents.get(incidentIdOf(req.params))).map((c) => ({
          name: c.name,
          kind: c.kind,
          estimatedArrival: c.estimatedArrival,
          suggestedAction: c.suggestedAction,
        })),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/containment',
      tag: 'incidents',
      summary: 'The fewest Agents and Systems to stop so that no Surface stays exposed (minimum vertex cut)',
      responses: { 200: { description: 'The plan', schema: ContainmentPlan }, 404: errorResponse('Unknown incident') },
      handler: async ({ req }) => incidents.containment(incidentIdOf(req.params)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/incidents/:id/containment/apply',
      tag: 'incidents',
      summary: 'Apply the current containment plan as stop decisions, in one call',
      body: z.object({ note: z.string().max(4000).optional(), by: ActorField }).strict().default({}),
      responses: {
        200: { description: 'The plan and the decisions made', schema: z.object({ plan: ContainmentPlan, applied: z.array(Decision) }) },
        404: errorResponse('Unknown incident'),
        409: errorResponse('A consumer in the plan was decided meanwhile; fetch the plan again'),
      },
      handler: async ({ req, body, actor }) => incidents.applyContainment(incidentIdOf(req.params), actor, body.note),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/events',
      tag: 'incidents',
      summary: 'Server-sent events: every decision (event: decision) and status change (event: status)',
      responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' }, 404: errorResponse('Unknown incident') },
      handler: async ({ req, res }) => {
        const id = incidentIdOf(req.params);
        await incidents.record(id);
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
        res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ incident: id })}\n\n`);
        const send = (event: IncidentEvent) => {
          const { type, ...data } = event;
          res.write(`event: ${type}\ndata: ${JSON.stringify(type === 'decision' ? event.decision : data)}\n\n`);
        };
        incidents.events.on(id, send);
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 20000);
        req.on('close', () => {
          clearInterval(heartbeat);
          incidents.events.off(id, send);
        });
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/report',
      tag: 'incidents',
      summary: 'The postmortem artefact: markdown (default), json, or csv (the notification worklist)',
      query: z.object({ format: z.enum(['markdown', 'json', 'csv']).default('markdown') }),
      responses: {
        200: { description: 'The report', contentType: 'text/markdown' },
        400: errorResponse('Unknown format'),
        404: errorResponse('Unknown incident'),
      },
      handler: async ({ req, res, query }) => {
        const id = incidentIdOf(req.params);
        const incident = await incidents.get(id);
        if (query.format === 'csv') {
          res.type('text/csv').attachment(`${id}-worklist.csv`).send(worklistCsv(incident));
          return undefined;
        }
        const report = buildReport(incident, await store.history(id));
        if (query.format === 'json') return report;
        res.type('text/markdown; charset=utf-8').send(reportMarkdown(report));
        return undefined;
      },
    }),
  ];
}
