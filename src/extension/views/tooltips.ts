// Pure markdown for the container tooltip, resolved lazily when the user hovers a row.
import type { ContainerSummary } from '../docker/types';
import { formatAge, shortId } from './format';
import { containerHealth } from './health';
import { portText, portUrl, publishedPorts } from './ports';

/** Translates a message with `{0}`-style placeholders; the view passes `vscode.l10n.t`. */
export type Translate = (message: string, ...args: (string | number)[]) => string;

const identity: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => String(args[Number(i)] ?? whole));

/**
 * Escapes the characters markdown would read as formatting, links or html. Values never start a
 * line here, so list and heading markers need no escape.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** At most this many labels are listed; Compose alone writes about ten. */
const maxLabels = 30;

/**
 * The container tooltip: name and id, image, state and health, command, age; published ports as
 * links to http://127.0.0.1:<port> when bound on loopback or all interfaces; networks with their
 * addresses; mounts; labels.
 */
export function containerTooltip(c: ContainerSummary, nowMs: number, t: Translate = identity): string {
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(c.name || shortId(c.id))}** ${code(shortId(c.id))}`, '');
  lines.push(`${t('Image')}: ${code(c.image)}  `);
  const health = containerHealth(c);
  const state = health !== undefined ? `${c.state} (${health})` : c.state;
  lines.push(`${t('State')}: ${escapeMarkdown(state)} · ${escapeMarkdown(c.status)}  `);
  if (c.command !== '') {
    lines.push(`${t('Command')}: ${code(c.command)}  `);
  }
  lines.push(`${t('Created')}: ${escapeMarkdown(formatAge(c.created, nowMs))}`);

  const ports = publishedPorts(c);
  if (ports.length > 0) {
    lines.push('', `**${t('Ports')}**`, '');
    for (const p of ports) {
      const url = portUrl(p);
      const host = p.hostIp === '' ? '' : `${p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp}:`;
      const text = escapeMarkdown(`${host}${portText(p)}`);
      lines.push(url !== undefined ? `- [${text}](${url})` : `- ${text}`);
    }
  }

  if (c.networks.length > 0) {
    lines.push('', `**${t('Networks')}**`, '');
    for (const n of c.networks) {
      const addresses = [
        n.ipv4 !== undefined ? `${n.ipv4}${n.ipv4PrefixLength ? `/${n.ipv4PrefixLength}` : ''}` : '',
        n.ipv6 ?? '',
      ].filter((a) => a !== '');
      lines.push(
        `- ${escapeMarkdown(n.name)}${addresses.length > 0 ? `: ${escapeMarkdown(addresses.join(', '))}` : ''}`,
      );
    }
  }

  if (c.mounts.length > 0) {
    lines.push('', `**${t('Mounts')}**`, '');
    for (const m of c.mounts) {
      const source = m.type === 'volume' && m.name !== undefined ? m.name : m.source;
      const mode = m.readOnly ? ` (${t('read-only')})` : '';
      lines.push(`- ${escapeMarkdown(m.type)} ${code(source)} → ${code(m.destination)}${mode}`);
    }
  }

  const labels = Object.entries(c.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (labels.length > 0) {
    lines.push('', `**${t('Labels')}**`, '');
    for (const [key, value] of labels.slice(0, maxLabels)) {
      lines.push(`- ${code(key)}: ${escapeMarkdown(value)}`);
    }
    if (labels.length > maxLabels) {
      lines.push(`- ${t('… and {0} more', labels.length - maxLabels)}`);
    }
  }
  return lines.join('\n');
}
