// The Engine's `since` for logs takes only `seconds[.nanoseconds]` since the epoch; durations
// (`10m`, `1h30m`) and dates are turned into that here, as the Docker CLI does on its side.

const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go-style duration (`90s`, `1h30m`, `1.5h`) in milliseconds, or undefined. */
export function durationMs(text: string): number | undefined {
  const whole = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
  if (!whole.test(text)) {
    return undefined;
  }
  let total = 0;
  for (const [, amount = '0', unit = 's'] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * (unitMs[unit] ?? 0);
  }
  return total;
}

/**
 * `since` as the Engine takes it: `seconds[.nanoseconds]` unchanged, a duration counted back from
 * `nowMs`, a date in whole seconds; anything else unchanged (the Engine then says what is wrong).
 */
export function engineSince(value: string, nowMs: number): string {
  const text = value.trim();
  if (/^\d+(?:\.\d{1,9})?$/.test(text)) {
    return text;
  }
  const back = durationMs(text);
  if (back !== undefined) {
    return String(Math.floor((nowMs - back) / 1000));
  }
  const date = /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(date) ? text : String(Math.floor(date / 1000));
}
