// OTLP JSON trace data (opentelemetry-proto's ExportTraceServiceRequest in its JSON mapping), as
// far as this server reads it: the OpenAPI document's schema for the observation and drift bodies.
// Loose objects, since exporters add fields this server ignores. server/analysis/otlp.ts reads
// the body by hand rather than through this schema, to name every malformed span at once with
// its path and to accept both id encodings.
import { z } from 'zod';

const Id = (bytes: 16 | 8) =>
  z.string().meta({ description: `${bytes * 2} hex digits (${bytes} bytes, not all zero), or the base64 form protobuf's generic JSON mapping writes` });

const AnyValue = z
  .looseObject({ stringValue: z.string().optional(), intValue: z.union([z.string(), z.number().int()]).optional() })
  .meta({ description: 'An attribute value; strings and integers can name a node, other values are ignored' });
const KeyValue = z.looseObject({ key: z.string(), value: AnyValue });
const Attributes = z.array(KeyValue);

const Span = z.looseObject({
  traceId: Id(16),
  spanId: Id(8),
  parentSpanId: Id(8).optional().meta({ description: 'Empty or absent for a root span' }),
  name: z.string().optional(),
  startTimeUnixNano: z
    .union([z.string().regex(/^\d{1,20}$/), z.number().int().min(0)])
    .optional()
    .meta({ description: 'Nanoseconds since the epoch; the earliest span of a node is its `at`' }),
  attributes: Attributes.optional().meta({ description: 'gen_ai.tool.name, gen_ai.agent.name and gen_ai.agent.id name the node a span is' }),
  links: z.array(z.looseObject({ traceId: Id(16), spanId: Id(8) })).optional(),
});

const ScopeSpans = z.looseObject({ spans: z.array(Span).optional() });

export const OtlpTraces = z
  .looseObject({
    resourceSpans: z.array(
      z.looseObject({
        resource: z.looseObject({ attributes: Attributes.optional().meta({ description: 'service.name names the node of spans that name none' }) }).optional(),
        scopeSpans: z.array(ScopeSpans).optional(),
        instrumentationLibrarySpans: z.array(ScopeSpans).optional().meta({ description: 'The name before OTLP 0.15, still read' }),
      }),
    ),
  })
  .meta({ id: 'OtlpTraces', description: 'OTLP JSON trace data: `{resourceSpans: [...]}`, as an OpenTelemetry exporter or collector writes it' });
export type OtlpTraces = z.infer<typeof OtlpTraces>;

