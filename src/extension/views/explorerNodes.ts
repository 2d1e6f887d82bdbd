// The nodes of the explorer trees: plain objects that keep their identity across refreshes.
import type { NodeKind } from './ids';
import type { RowPresentation } from './labels';

/** How a node opens. */
export type Collapsible = 'none' | 'collapsed' | 'expanded';

/** One row of an explorer tree; `key` names what it shows within its daemon (id, tag, group). */
export interface ExplorerNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly daemonId: string;
  key: string;
  row: RowPresentation;
  collapsible: Collapsible;
  /** Set for rows whose markdown tooltip is built only when hovered. */
  lazyTooltip?: () => string;
}

/** A node from a row: its id is the row's id. */
export function nodeFromRow(
  kind: NodeKind,
  daemonId: string,
  key: string,
  row: RowPresentation,
  collapsible: Collapsible = 'none',
): ExplorerNode {
  return { id: row.id, kind, daemonId, key, row, collapsible };
}
