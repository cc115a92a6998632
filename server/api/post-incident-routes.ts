// Observations, accuracy, the proposed registry fix, the scorecard and drift (CONTRACT.md §3).
import { Accuracy, DriftResult, ObservationsBody, ObservationsRequest, ObservationsResult, OtlpTraces, Scorecard } from '../../graph-schema/index.js';
import type { IncidentService } from '../service/incidents.js';
import { ObservationService } from '../service/observations.js';
import type { GraphStore } from '../store/types.js';
import { defineRoute, errorResponse, incidentIdOf, type Route } from './route.js';
import { validate } from '../validate.js';

const OTLP_OR_REACHED = {
  description: '`{reached: [{name, from?, at?, evidence?}]}`, or OpenTelemetry trace data as OTLP JSON (`{resourceSpans: [...]}`)',
  contentTypes: ['application/json'],
  schema: ObservationsBody,
};

export function postIncidentRoutes(store: GraphStore, incidents: IncidentService): Route[] {
  const service = new ObservationService(store, incidents);
  // the report's control review judges breaches from the same accuracy this service answers
  incidents.useAccuracy((id) => service.accuracy(id));
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/incidents/:id/observations',
      tag: 'accuracy',
      summary: 'Record what really received the bad output: a reached list or OTLP JSON traces; observations add up across calls',
      rawBody: OTLP_OR_REACHED,
      responses: {
        200: { description: 'What was recorded, with the names that matched nothing', schema: ObservationsResult },
        400: errorResponse('Malformed reached list or OTLP'),
        404: errorResponse('Unknown incident'),
      },
      handler: async ({ req }) => {
        if (typeof req.body !== 'object' || req.body === null) {
          return validate(ObservationsRequest, undefined, 'body');
        }
        return service.add(incidentIdOf(req.params), req.body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/accuracy',
      tag: 'accuracy',
      summary: 'Predicted against observed propagation: hits, misses, precision, recall, missing edges, edge labels',
      responses: { 200: { description: 'Accuracy', schema: Accuracy }, 404: errorResponse('Unknown incident') },
      handler: async ({ req }) => service.accuracy(incidentIdOf(req.params)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/incidents/:id/registry-patch',
      tag: 'accuracy',
      summary: 'The proposed registry fix as manifest YAML: missing edges added to their consumers, silent edges flagged; apply it with graph/apply once approved',
      responses: { 200: { description: 'Manifest YAML', contentType: 'application/yaml' }, 404: errorResponse('Unknown incident') },
      handler: async ({ req, res }) => {
        const id = incidentIdOf(req.params);
        const patch = await service.registryPatch(id);
        res.type('application/yaml').attachment(`${id}-registry-patch.yaml`).send(patch.yaml);
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/scorecard',
      tag: 'accuracy',
      summary: 'Precision and recall per incident over time, for the graph as a whole, and the trend',
      responses: { 200: { description: 'Scorecard', schema: Scorecard } },
      handler: async () => service.scorecard(),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/drift',
      tag: 'accuracy',
      summary: 'Drift without an incident: from OTLP traces, the hops the registry lacks and registered edges never seen',
      rawBody: { description: 'OTLP JSON trace data', contentTypes: ['application/json'], schema: OtlpTraces },
      responses: { 200: { description: 'Drift', schema: DriftResult }, 400: errorResponse('Malformed OTLP') },
      handler: async ({ req }) => service.drift(req.body),
    }),
  ];
}
