// What a node of the accuracy view can be, and how that is shown: shared by the graph, its
// stylesheet, its legend and the scorecard's sparkline.

export type NodeStatus = 'source' | 'hit' | 'predicted-only' | 'missed' | 'context';

/** One palette for the accuracy graph, its legend and the tiles. Colour is never the only cue:
 * every status also has its own border style and a glyph in front of the name. */
export const ACC = {
  hit: '#2fb380',
  hitBorder: '#c2f5dd',
  predicted: '#161b22',
  predictedBorder: '#f2b53a',
  missed: '#d63fc4',
  missedBorder: '#ffd1f5',
  missedText: '#ff9ef0',
  context: '#2b313a',
  contextBorder: '#8b949e',
  fired: '#3fd68f',
  silent: '#9da7b3',
  unobserved: '#4d5663',
  missing: '#ff4fd8',
} as const;

export const GLYPH: Record<NodeStatus, string> = { source: '', hit: '✓', 'predicted-only': '○', missed: '!', context: '' };
