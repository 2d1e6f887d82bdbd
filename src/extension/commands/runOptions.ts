// What the Run flow reads from what the user types: published ports, environment, binds, and the
// answers remembered per image. Pure, so the rules have unit tests.
import type { PortMapping, RunAnswers } from '../docker/runContainer';
import type { CommandUi } from './pick';

/** Where a published port listens unless the user names an address: this machine only. */
export const defaultHostIp = '127.0.0.1';

type Parsed<T> = { value: T } | { problem: string };

/** Splits a comma-separated list, dropping blanks. */
function entries(text: string): string[] {
  return text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

function portNumberOk(text: string): boolean {
  return /^[0-9]{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

/**
 * `8080:80, 0.0.0.0:9000:9000/udp, [::1]:53:53/udp, 3000` → port mappings. A bare container
 * port gets a host port Docker chooses; the host address defaults to 127.0.0.1.
 */
export function parsePorts(text: string, t: CommandUi['t']): Parsed<PortMapping[]> {
  const out: PortMapping[] = [];
  for (const entry of entries(text)) {
    const slash = entry.lastIndexOf('/');
    const protocol = slash >= 0 ? entry.slice(slash + 1).toLowerCase() : 'tcp';
    const body = slash >= 0 ? entry.slice(0, slash) : entry;
    if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') {
      return { problem: t('"{0}": the protocol is tcp, udp or sctp.', entry) };
    }
    let hostIp = defaultHostIp;
    let rest = body;
    const bracket = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(body);
    if (bracket !== null) {
      hostIp = bracket[1] ?? '';
      rest = bracket[2] ?? '';
    }
    const parts = rest.split(':');
    let hostPort = '';
    let containerPort: string;
    if (bracket === null && parts.length === 3) {
      hostIp = parts[0] ?? '';
      hostPort = parts[1] ?? '';
      containerPort = parts[2] ?? '';
      if (!/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(hostIp)) {
        return { problem: t('"{0}": "{1}" is not an IP address.', entry, hostIp) };
      }
    } else if (parts.length === 2) {
      hostPort = parts[0] ?? '';
      containerPort = parts[1] ?? '';
    } else if (parts.length === 1 && bracket === null) {
      containerPort = parts[0] ?? '';
    } else {
      return {
        problem: t(
          '"{0}" is not a port: write [address:]hostPort:containerPort[/udp], or a container port.',
          entry,
        ),
      };
    }
    if (!portNumberOk(containerPort) || (hostPort !== '' && !portNumberOk(hostPort))) {
      return { problem: t('"{0}": ports are numbers from 1 to 65535.', entry) };
    }
    out.push({ hostIp, hostPort, containerPort, protocol });
  }
  return { value: out };
}

/** Ports back as the user would type them (for the input's value next time). */
export function formatPorts(ports: readonly PortMapping[]): string {
  return ports
    .map((p) => {
      const protocol = p.protocol === 'tcp' ? '' : `/${p.protocol}`;
      if (p.hostIp === defaultHostIp) {
        return `${p.hostPort === '' ? '' : `${p.hostPort}:`}${p.containerPort}${protocol}`;
      }
      const ip = p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
      return `${ip}:${p.hostPort}:${p.containerPort}${protocol}`;
    })
    .join(', ');
}

/** `A=1, B=two` → `KEY=value` entries; a name alone passes the variable through empty. */
export function parseEnv(text: string, t: CommandUi['t']): Parsed<string[]> {
  const out: string[] = [];
  for (const entry of entries(text)) {
    const eq = entry.indexOf('=');
    const key = eq >= 0 ? entry.slice(0, eq).trim() : entry;
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      return {
        problem: t('"{0}" is not a variable name: letters, digits and "_", not starting with a digit.', key),
      };
    }
    out.push(eq >= 0 ? `${key}=${entry.slice(eq + 1)}` : `${key}=`);
  }
  return { value: out };
}

/**
 * `data:/var/lib/data, /home/me/src:/src:ro` → binds: a volume name or an absolute host path,
 * an absolute container path, and optionally `ro` or `rw`.
 */
export function parseBinds(text: string, t: CommandUi['t']): Parsed<string[]> {
  const out: string[] = [];
  for (const entry of entries(text)) {
    const parts = entry.split(':');
    const [source = '', target = '', mode] = parts;
    const sourceOk = source.startsWith('/') || /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source);
    if (parts.length < 2 || parts.length > 3 || !sourceOk || !target.startsWith('/')) {
      return {
        problem: t(
          '"{0}" is not a mount: write volume:/path or /host/path:/path, optionally followed by :ro.',
          entry,
        ),
      };
    }
    if (mode !== undefined && !/^(ro|rw)$/.test(mode)) {
      return { problem: t('"{0}": the mode is ro or rw.', entry) };
    }
    out.push(entry);
  }
  return { value: out };
}

/** The answers as one line, for the "run as last time" choice. */
export function describeAnswers(answers: RunAnswers, t: CommandUi['t']): string {
  const parts: string[] = [];
  if (answers.name !== '') parts.push(t('name {0}', answers.name));
  if (answers.ports.length > 0) parts.push(t('ports {0}', formatPorts(answers.ports)));
  if (answers.env.length > 0) parts.push(t('{0} variables', answers.env.length));
  if (answers.binds.length > 0) parts.push(t('mounts {0}', answers.binds.join(', ')));
  if (answers.command.length > 0) parts.push(t('command {0}', answers.command.join(' ')));
  parts.push(t('network {0}', answers.network === '' ? t('default') : answers.network));
  if (answers.autoRemove) parts.push('--rm');
  parts.push(answers.interactive ? t('interactive') : t('detached'));
  return parts.join(' · ');
}

/** Remembered answers read back from workspace state; anything malformed is dropped. */
export function readAnswers(stored: unknown): RunAnswers | undefined {
  if (typeof stored !== 'object' || stored === null) {
    return undefined;
  }
  const s = stored as Record<string, unknown>;
  const strings = (v: unknown): string[] | undefined =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  const ports = Array.isArray(s.ports)
    ? (s.ports as unknown[]).filter(
        (p): p is PortMapping =>
          typeof p === 'object' &&
          p !== null &&
          ['hostIp', 'hostPort', 'containerPort', 'protocol'].every(
            (k) => typeof (p as Record<string, unknown>)[k] === 'string',
          ),
      )
    : undefined;
  const env = strings(s.env);
  const binds = strings(s.binds);
  const command = strings(s.command);
  if (
    typeof s.name !== 'string' ||
    typeof s.network !== 'string' ||
    typeof s.autoRemove !== 'boolean' ||
    typeof s.interactive !== 'boolean' ||
    ports === undefined ||
    env === undefined ||
    binds === undefined ||
    command === undefined
  ) {
    return undefined;
  }
  return {
    name: s.name,
    ports,
    env,
    binds,
    command,
    network: s.network,
    autoRemove: s.autoRemove,
    interactive: s.interactive,
  };
}
