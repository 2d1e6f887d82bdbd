// Pure presentation of a daemon's root (when several daemons are shown) and of state messages.
import type { DaemonState } from '../docker/connection';
import type { ModelState } from '../docker/daemonModel';
import { nodeId } from './ids';
import type { RowPresentation } from './labels';
import type { Translate } from './tooltips';

/** What a daemon's root row shows. */
export interface DaemonRowInput {
  id: string;
  label: string;
  endpoint: string | undefined;
  connection: DaemonState;
  model: ModelState;
  reason: string | undefined;
}

/** The effective state of a daemon for its root: `connecting`, `unreachable` or `ready`. */
export function daemonState(
  d: Pick<DaemonRowInput, 'connection' | 'model'>,
): 'connecting' | 'unreachable' | 'ready' {
  if (d.connection === 'connecting') {
    return 'connecting';
  }
  return d.connection === 'unreachable' || d.model === 'unreachable' ? 'unreachable' : 'ready';
}

/**
 * A daemon's root: its label, its endpoint (or what failed) in the description, and a context
 * value (`daemon.ready`, `daemon.connecting`, `daemon.unreachable`) for its inline actions.
 */
export function daemonRow(d: DaemonRowInput, t: Translate): RowPresentation {
  const state = daemonState(d);
  const endpoint = d.endpoint !== undefined && d.endpoint !== d.label ? d.endpoint : '';
  const description =
    state === 'unreachable'
      ? [endpoint, t('unreachable')].filter((s) => s !== '').join(' · ')
      : state === 'connecting'
        ? [endpoint, t('connecting…')].filter((s) => s !== '').join(' · ')
        : endpoint;
  const tooltip = [d.label, d.endpoint ?? '', state === 'unreachable' ? (d.reason ?? '') : '']
    .filter((s, i, all) => s !== '' && all.indexOf(s) === i)
    .join('\n');
  return {
    id: nodeId('daemon', d.id, ''),
    label: d.label,
    description,
    tooltip,
    icon: state === 'unreachable' ? 'warning' : state === 'connecting' ? 'loading~spin' : 'server',
    ...(state === 'unreachable' ? { iconColor: 'list.warningForeground' } : {}),
    contextValue: `daemon.${state}`,
  };
}

/** A row that is not an Engine object: why a daemon shows nothing, or that it is loading. */
export function messageRow(daemonId: string, icon: string, text: string): RowPresentation {
  return {
    id: nodeId('message', daemonId, 'state'),
    label: text,
    description: '',
    tooltip: text,
    icon,
    contextValue: 'dockwright.message',
  };
}
