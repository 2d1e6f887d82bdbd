// The values BuildKit checks after the flags parse: RUN's network and security modes,
// HEALTHCHECK's durations and retries, COPY/ADD --chmod, and ADD --checksum's sources.
import type { Flag } from '../../syntax/ast';
import { MINIMUM_HEALTHCHECK_INTERVAL, parseGoDuration } from '../../syntax/durations';
import { flagSpec } from '../../syntax/flags';
import { digestProblem, sourceKind } from './sources';
import { goParseIntError, hasVariable, report, type Sink } from './support';

/** The single value of a flag that parsed (the last one, should it repeat). */
function valueOf(used: ReadonlyMap<string, Flag[]>, name: string): Flag | undefined {
  const flags = used.get(name);
  return flags?.[flags.length - 1];
}

/**
 * RUN --network and --security take one of a fixed set of values. BuildKit checks them as
 * written, before any variable is known, so `--network=$NET` is refused too.
 */
export function checkRunModes(sink: Sink, used: ReadonlyMap<string, Flag[]>): void {
  const network = valueOf(used, 'network');
  const allowedNetworks = flagSpec('RUN', 'network')?.values ?? [];
  if (network?.value !== undefined && !allowedNetworks.includes(network.value)) {
    const range = network.valueRange ?? network.range;
    report(sink, 'DW023', `invalid network mode ${JSON.stringify(network.value)}`, range, 'run---network');
  }
  const security = valueOf(used, 'security');
  const allowedSecurity = flagSpec('RUN', 'security')?.values ?? [];
  if (security?.value !== undefined && !allowedSecurity.includes(security.value)) {
    const range = security.valueRange ?? security.range;
    report(sink, 'DW023', `security ${JSON.stringify(security.value)} is not valid`, range, 'run---security');
  }
}

const INTERVALS = ['interval', 'timeout', 'start-period', 'start-interval'];

/** HEALTHCHECK: Go durations of at least 1ms (0 means the default), retries not negative. */
export function checkHealthcheckFlags(sink: Sink, used: ReadonlyMap<string, Flag[]>): void {
  for (const name of INTERVALS) {
    const flag = valueOf(used, name);
    const value = flag?.value;
    if (flag === undefined || value === undefined || value === '') continue;
    const range = flag.valueRange ?? flag.range;
    const parsed = parseGoDuration(value);
    if (!parsed.ok) {
      report(sink, 'DW023', parsed.error, range, 'healthcheck');
    } else if (parsed.nanoseconds !== 0n && parsed.nanoseconds < MINIMUM_HEALTHCHECK_INTERVAL) {
      report(sink, 'DW023', `Interval ${JSON.stringify(name)} cannot be less than 1ms`, range, 'healthcheck');
    }
  }
  const retries = valueOf(used, 'retries');
  const value = retries?.value;
  if (retries !== undefined && value !== undefined && value !== '') {
    const range = retries.valueRange ?? retries.range;
    const error = goParseIntError(value, 32);
    if (error !== undefined) report(sink, 'DW023', error, range, 'healthcheck');
    else if (BigInt(value.startsWith('+') ? value.slice(1) : value) < 0n) {
      report(sink, 'DW023', `--retries cannot be negative (${Number(value)})`, range, 'healthcheck');
    }
  }
}

/**
 * COPY/ADD --chmod: a value starting with a digit is a number, which must be octal and at most
 * 07777 (symbolic modes such as `u+x` are left alone).
 */
export function checkChmod(sink: Sink, used: ReadonlyMap<string, Flag[]>, anchor: string): void {
  const flag = valueOf(used, 'chmod');
  const value = flag?.value;
  if (flag === undefined || value === undefined || !/^[0-9]/.test(value) || hasVariable(value)) return;
  const octal = /^[0-7]+$/.test(value);
  if (octal && BigInt(`0o${value}`) <= 0o7777n) return;
  const message = `invalid chmod parameter: '${value}'. it should be octal string and between 0 and 07777`;
  report(sink, 'DW023', message, flag.valueRange ?? flag.range, anchor);
}

/** A source BuildKit fetches over HTTP(S) or Git rather than from the context. */
function isRemoteSource(source: string): boolean {
  return (
    /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(source) ||
    /^[\w.-]+@[\w.-]+:/.test(source) ||
    source.startsWith('github.com/')
  );
}

/** ADD --checksum: one source, fetched over HTTP(S) or Git. */
export function checkChecksum(
  sink: Sink,
  used: ReadonlyMap<string, Flag[]>,
  sources: readonly string[],
): void {
  const flag = valueOf(used, 'checksum');
  if (flag === undefined || flag.value === undefined || flag.value === '') return;
  if (sources.some(hasVariable)) return;
  const source = sources[0];
  if (sources.length > 1) {
    report(sink, 'DW023', "checksum can't be specified for multiple sources", flag.range, 'add---checksum');
  } else if (source !== undefined && !isRemoteSource(source)) {
    report(sink, 'DW023', 'checksum requires HTTP(S) or Git sources', flag.range, 'add---checksum');
  } else if (source !== undefined && sourceKind(source) === 'http' && !hasVariable(flag.value)) {
    // A file over HTTP(S) is verified against the digest, so it must be one.
    const problem = digestProblem(flag.value);
    if (problem !== undefined)
      report(sink, 'DW023', problem, flag.valueRange ?? flag.range, 'add---checksum');
  }
}
