// EXPOSE port specs as BuildKit reads them when it runs the step: `[ip:][hostPort:]port[/proto]`,
// split on `:` first (the last two parts are host and container port), then the container part
// on its first `/`. Ports are decimal numbers up to 65535, optionally as a `start-end` range.
import { isIP } from 'node:net';

/** A port number as Go's strconv.ParseInt reads it (a sign is allowed), or an error. */
function portNumber(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return value < 0 || value > 65535 ? undefined : value;
}

/** `start[-end]`, or undefined when it is not a valid port or range. */
function portRange(text: string): { start: number; end: number } | undefined {
  if (text === '') return undefined;
  const dash = text.indexOf('-');
  const startText = dash < 0 ? text : text.slice(0, dash);
  const endText = dash < 0 ? startText : text.slice(dash + 1);
  const start = portNumber(startText);
  if (start === undefined) return undefined;
  if (dash < 0 || startText === endText) return { start, end: start };
  const end = portNumber(endText);
  if (end === undefined || end < start) return undefined;
  return { start, end };
}

/** Splits `[ip:][host:]container` the way BuildKit does (an IPv6 address keeps its colons). */
function splitParts(raw: string): { ip: string; host: string; container: string } {
  const parts = raw.split(':');
  const n = parts.length;
  if (n === 1) return { ip: '', host: '', container: raw };
  return {
    ip: parts.slice(0, Math.max(0, n - 2)).join(':'),
    host: parts[n - 2] ?? '',
    container: parts[n - 1] ?? '',
  };
}

/** The reason BuildKit rejects an address before the host port, if it does. */
function ipProblem(ip: string): string | undefined {
  if (ip === '') return undefined;
  let address = ip;
  if (ip.startsWith('[')) {
    // BuildKit strips the brackets with Go's SplitHostPort and passes on its error.
    const close = ip.indexOf(']');
    if (close !== ip.length - 1) {
      const reason = close < 0 ? "missing ']' in address" : 'missing port in address';
      return `invalid IP address ${ip}: address ${ip}:: ${reason}`;
    }
    address = ip.slice(1, close);
  }
  // Go's ParseIP knows no zones (`%eth0`).
  return isIP(address) === 0 || address.includes('%') ? `invalid IP address: ${address}` : undefined;
}

/** The error BuildKit gives for one expanded EXPOSE word, or undefined when it is valid. */
export function exposeProblem(raw: string): string | undefined {
  const { ip, host, container } = splitParts(raw);
  const slash = container.indexOf('/');
  const port = slash < 0 ? container : container.slice(0, slash);
  const proto = slash < 0 ? '' : container.slice(slash + 1);
  if (port === '') return `invalid port: ${JSON.stringify(raw)}: no port specified`;
  if (proto !== '' && !['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) {
    return `invalid port: ${JSON.stringify(raw)}: invalid proto: ${proto}`;
  }
  const badIp = ipProblem(ip);
  if (badIp !== undefined) return badIp;
  const ports = portRange(port);
  if (ports === undefined) return `invalid containerPort: ${port}`;
  if (host === '') return undefined;
  const hosts = portRange(host);
  if (hosts === undefined) return `invalid hostPort: ${host}`;
  // A host range may differ in size only when the container side is a single port.
  if (ports.end - ports.start !== hosts.end - hosts.start && ports.end !== ports.start) {
    return `invalid ranges specified for container and host Ports: ${port} and ${host}`;
  }
  return undefined;
}
