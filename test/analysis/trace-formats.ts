// Converters from the agent frameworks' own trace formats to OTLP JSON, which is what the
// server reads: the real-data suites and the project fixtures (fixtures/otlp) both go through them.
type AttrValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
function anyValue(v: unknown): AttrValue {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (typeof v === 'bigint') return { intValue: v.toString() };
  return { stringValue: typeof v === 'string' ? v : JSON.stringify(v) };
}
const kv = (obj: Record<string, unknown> | undefined) => Object.entries(obj ?? {}).map(([key, value]) => ({ key, value: anyValue(value) }));

/**
 * any-agent's span dump (OpenTelemetry Python SDK `span.to_json()`): ids are decimal integers
 * above 2^53, so they are quoted before JSON.parse and converted to hex with BigInt.
 * Each span becomes its own resourceSpans entry, which also exercises parent lookup across
 * resources.
 */
export function anyAgentToOtlp(text: string): unknown {
  const safe = text.replace(/"(trace_id|span_id)":\s*(\d+)/g, '"$1": "$2"');
  const dump = JSON.parse(safe) as { spans: any[] };
  const hex = (id: string, bytes: number) => BigInt(id).toString(16).padStart(bytes * 2, '0');
  return {
    resourceSpans: dump.spans.map((s) => ({
      resource: { attributes: kv(s.resource?.attributes) },
      scopeSpans: [
        {
          spans: [
            {
              traceId: hex(s.context.trace_id, 16),
              spanId: hex(s.context.span_id, 8),
              parentSpanId: s.parent?.span_id ? hex(s.parent.span_id, 8) : '',
              name: s.name,
              startTimeUnixNano: String(s.start_time),
              endTimeUnixNano: String(s.end_time),
              attributes: kv(s.attributes),
            },
          ],
        },
      ],
    })),
  };
}

/**
 * A Langfuse export (trace + observations): the original OpenTelemetry attributes sit in
 * observations[].metadata.attributes and .resourceAttributes, ids are already OTLP hex.
 */
export function langfuseToOtlp(text: string): unknown {
  const exported = JSON.parse(text) as { observations: any[] };
  return {
    resourceSpans: exported.observations.map((o) => {
      const meta = typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {};
      return {
        resource: { attributes: kv(meta.resourceAttributes) },
        scopeSpans: [
          {
            scope: meta.scope,
            spans: [
              {
                traceId: o.traceId,
                spanId: o.id,
                parentSpanId: o.parentObservationId ?? '',
                name: o.name,
                startTimeUnixNano: (BigInt(Date.parse(o.startTime)) * 1_000_000n).toString(),
                attributes: kv(meta.attributes),
              },
            ],
          },
        ],
      };
    }),
  };
}
