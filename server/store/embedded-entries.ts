// The lines of the embedded store's journal, and how lines written by the first version (an
// incident holding a copy of its radius; one line per decision) are read today.
import type { BlastRadius, HistoryEntry, IncidentRecord, LogEntry, Observation, RevisionRecord, StatusChange } from '../../graph-schema/index.js';
import type { NodeChange } from '../analysis/apply-plan.js';

export type Entry =
  | { t: 'revision'; record: RevisionRecord; changes: NodeChange[] }
  | { t: 'incident'; record: IncidentRecord }
  | { t: 'log'; id: string; entries: LogEntry[] };

type LegacyEntry =
  | Entry
  | { t: 'incident'; record: Omit<IncidentRecord, 'outputAt' | 'actionClasses' | 'size' | 'sourceKind'> & { blastRadius: BlastRadius } }
  | { t: 'decision'; id: string; entry: Omit<HistoryEntry, 'effectiveAt'> }
  | { t: 'status'; id: string; change: StatusChange }
  | { t: 'observations'; id: string; list: Observation[] };

/**
 * Today's form of a journal line. Log entries of the first version get their seq (and hash)
 * from the store as they are replayed, so `seq: 0` here means "next".
 */
export function upgradeEntry(line: unknown): Entry {
  const entry = line as LegacyEntry;
  switch (entry.t) {
    case 'incident': {
      const record = entry.record as IncidentRecord & { blastRadius?: BlastRadius };
      if (!record.blastRadius) return entry as Entry;
      const { blastRadius, ...rest } = record;
      return {
        t: 'incident',
        record: {
          ...rest,
          sourceKind: blastRadius.sourceKind,
          outputAt: rest.detectedAt,
          actionClasses: null,
          size: {
            consumers: blastRadius.consumers.length,
            surfaces: blastRadius.consumers.filter((c) => c.kind === 'Surface').length,
            edges: blastRadius.edges.length,
          },
        },
      };
    }
    case 'decision':
      return { t: 'log', id: entry.id, entries: [{ seq: 0, type: 'decision', entry: { ...entry.entry, effectiveAt: entry.entry.at } as HistoryEntry }] };
    case 'status':
      return { t: 'log', id: entry.id, entries: [{ seq: 0, type: 'status', change: entry.change }] };
    case 'observations':
      return { t: 'log', id: entry.id, entries: [{ seq: 0, type: 'observations', list: entry.list }] };
    default:
      return entry;
  }
}
