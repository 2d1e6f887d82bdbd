// Label rules: key syntax (DL3048) and the label schema of the configuration: required labels
// (DL3049), labels outside a strict schema (DL3050) and typed values (DL3051–DL3056, DL3058).
import type { KeyValue } from '../../syntax/ast';
import type { LabelType } from './config';
import { indexesOf } from './engine';
import { stageParents } from './p2Scope';
import { SPDX_LICENSE_IDS } from './p2SpdxIds';
import { unquote } from './p2Support';
import type { HadolintContext, HadolintHit, HadolintRule } from './rule';

interface Label {
  readonly key: string;
  readonly value: string;
  readonly pair: KeyValue;
}

/** Every label set by a LABEL instruction outside ONBUILD, in document order (computed once). */
function labelsOf(ctx: HadolintContext): readonly Label[] {
  const indexes = indexesOf(ctx);
  return indexes.shared('p2:labels', () => {
    const labels: Label[] = [];
    for (const instruction of indexes.instructionsOf('LABEL')) {
      for (const pair of instruction.pairs) {
        labels.push({ key: unquote(pair.key), value: unquote(pair.value ?? ''), pair });
      }
    }
    return labels;
  });
}

const RESERVED_NAMESPACES = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

/** Docker's recommended label key format: lower-case, dot or dash separated, no reserved namespace. */
function labelKeyValid(key: string): boolean {
  return (
    /^[a-z](?:[a-z0-9.-]*[a-z0-9])?$/.test(key) &&
    !key.includes('..') &&
    !key.includes('--') &&
    !RESERVED_NAMESPACES.some((prefix) => key.startsWith(prefix))
  );
}

export const dl3048: HadolintRule = {
  code: 'DL3048',
  severity: 'style',
  message: 'Invalid label key: use lower-case letters, digits, `.` and `-`, outside the Docker namespaces.',
  check: (ctx) =>
    labelsOf(ctx)
      .filter((label) => !labelKeyValid(label.key))
      .map((label) => ({
        range: label.pair.keyRange,
        message: `Invalid label key \`${label.key}\`: use lower-case letters, digits, \`.\` and \`-\`, outside the Docker namespaces.`,
      })),
};

export const dl3049: HadolintRule = {
  code: 'DL3049',
  severity: 'info',
  message: 'A label required by the label schema is missing.',
  check: (ctx) => {
    const required = Object.keys(ctx.config.labelSchema);
    if (required.length === 0) return [];
    const hits: HadolintHit[] = [];
    const stages = ctx.stages.stages;
    const parents = stageParents(ctx);
    // Which stages set each label (LABEL outside ONBUILD).
    const definedIn = new Map<string, Set<number>>();
    for (const instruction of indexesOf(ctx).instructionsOf('LABEL')) {
      const stage = ctx.stages.stageOf(instruction);
      if (stage === undefined) continue;
      for (const pair of instruction.pairs) {
        const key = unquote(pair.key);
        const set = definedIn.get(key);
        if (set === undefined) definedIn.set(key, new Set([stage.index]));
        else set.add(stage.index);
      }
    }
    // A stage that only feeds others (by COPY --from, or as the base of a labelled stage) is
    // not an image of its own, so it needs no label.
    const feeds = new Set<string>();
    for (const instruction of indexesOf(ctx).instructionsOf('COPY')) {
      if (ctx.stages.stageOf(instruction) === undefined) continue;
      const from = instruction.flags.find((flag) => flag.name === 'from')?.value;
      if (from !== undefined) feeds.add(from.toLowerCase());
    }
    for (const key of required) {
      const defines = definedIn.get(key);
      // A stage is covered when it or a stage it builds on sets the label; parents come first.
      const covered: boolean[] = [];
      for (const stage of stages) {
        const parent = parents[stage.index];
        covered.push(
          defines?.has(stage.index) === true || (parent !== undefined && covered[parent.index] === true),
        );
      }
      const silenced = new Set<number>();
      for (const index of defines ?? []) {
        let parent = parents[index];
        while (parent !== undefined && !silenced.has(parent.index)) {
          silenced.add(parent.index);
          parent = parents[parent.index];
        }
      }
      for (const stage of stages) {
        if (covered[stage.index] === true || silenced.has(stage.index)) continue;
        if (stage.name !== undefined && feeds.has(stage.name.toLowerCase())) continue;
        hits.push({ range: stage.from.range, message: `Label \`${key}\` is missing.` });
      }
    }
    return hits;
  },
};

export const dl3050: HadolintRule = {
  code: 'DL3050',
  severity: 'info',
  message: 'Superfluous label: with strict labels, only labels of the label schema are allowed.',
  check: (ctx) => {
    if (!ctx.config.strictLabels) return [];
    const schema = ctx.config.labelSchema;
    return labelsOf(ctx)
      .filter((label) => !Object.prototype.hasOwnProperty.call(schema, label.key))
      .map((label) => ({
        range: label.pair.range,
        message: `Superfluous label \`${label.key}\`: with strict labels, only labels of the label schema are allowed.`,
      }));
  },
};

/** Hits on the labels of the schema with type `type` whose value fails `valid`. */
function schemaCheck(
  ctx: HadolintContext,
  type: LabelType | undefined,
  valid: (value: string) => boolean,
  describe: (key: string) => string,
): HadolintHit[] {
  const schema = ctx.config.labelSchema;
  // Most configurations have no schema, or no label of this type: nothing to look at then.
  if (!Object.keys(schema).some((key) => type === undefined || schema[key] === type)) return [];
  return labelsOf(ctx)
    .filter((label) => {
      if (!Object.prototype.hasOwnProperty.call(schema, label.key)) return false;
      return (type === undefined || schema[label.key] === type) && !valid(label.value);
    })
    .map((label) => ({ range: label.pair.range, message: describe(label.key) }));
}

export const dl3051: HadolintRule = {
  code: 'DL3051',
  severity: 'warning',
  message: 'A label of the label schema is empty.',
  check: (ctx) =>
    schemaCheck(
      ctx,
      undefined,
      (value) => value !== '',
      (key) => `Label \`${key}\` is empty: give it a value.`,
    ),
};

/** An absolute URI: a scheme, a colon and no white space. */
export function isUrl(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s"<>\\^`{|}]+$/.test(value);
}

export const dl3052: HadolintRule = {
  code: 'DL3052',
  severity: 'warning',
  message: 'A `url` label does not hold a valid URL.',
  check: (ctx) => schemaCheck(ctx, 'url', isUrl, (key) => `Label \`${key}\` is not a valid URL.`),
};

/** An RFC 3339 date-time, such as `2021-03-10T10:26:33.56+01:00`. */
export function isRfc3339(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(
    value,
  );
  if (m === null) return false;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  const offsetHour = m[9] === undefined ? 0 : Number(m[9]);
  const offsetMinute = m[10] === undefined ? 0 : Number(m[10]);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  );
}

export const dl3053: HadolintRule = {
  code: 'DL3053',
  severity: 'warning',
  message: 'An `rfc3339` label does not hold an RFC 3339 date-time.',
  check: (ctx) =>
    schemaCheck(ctx, 'rfc3339', isRfc3339, (key) => `Label \`${key}\` is not an RFC 3339 date-time.`),
};

/** An SPDX license expression: known identifiers joined by AND, OR and WITH, with parentheses. */
export function isSpdxExpression(value: string): boolean {
  const tokens = value.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const license = (): boolean => {
    const token = tokens[at];
    if (token === undefined) return false;
    if (token === '(') {
      at++;
      if (!expression() || tokens[at] !== ')') return false;
      at++;
      return true;
    }
    const id = token.endsWith('+') ? token.slice(0, -1) : token;
    const known =
      SPDX_LICENSE_IDS.has(id) || /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(id);
    if (!known) return false;
    at++;
    if (tokens[at] === 'WITH') {
      at++;
      if (!/^[A-Za-z0-9.-]+$/.test(tokens[at] ?? '')) return false;
      at++;
    }
    return true;
  };
  const expression = (): boolean => {
    if (!license()) return false;
    while (tokens[at] === 'AND' || tokens[at] === 'OR') {
      at++;
      if (!license()) return false;
    }
    return true;
  };
  return expression() && at === tokens.length;
}

export const dl3054: HadolintRule = {
  code: 'DL3054',
  severity: 'warning',
  message: 'An `spdx` label does not hold an SPDX license identifier.',
  check: (ctx) =>
    schemaCheck(
      ctx,
      'spdx',
      isSpdxExpression,
      (key) => `Label \`${key}\` is not a valid SPDX license expression.`,
    ),
};

/** A short (7) or full (40) hexadecimal git commit hash. */
export function isGitHash(value: string): boolean {
  return /^[0-9a-f]{7}$|^[0-9a-f]{40}$/.test(value);
}

export const dl3055: HadolintRule = {
  code: 'DL3055',
  severity: 'warning',
  message: 'A `hash` label does not hold a git commit hash.',
  check: (ctx) => schemaCheck(ctx, 'hash', isGitHash, (key) => `Label \`${key}\` is not a valid git hash.`),
};

const SEMVER_NUMBER = '(?:0|[1-9][0-9]*)';
const SEMVER_PRE = `(?:${SEMVER_NUMBER}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^${SEMVER_NUMBER}\\.${SEMVER_NUMBER}\\.${SEMVER_NUMBER}(?:-${SEMVER_PRE}(?:\\.${SEMVER_PRE})*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
);

/** A semantic version: `MAJOR.MINOR.PATCH`, optionally with pre-release and build parts. */
export function isSemver(value: string): boolean {
  return SEMVER.test(value);
}

export const dl3056: HadolintRule = {
  code: 'DL3056',
  severity: 'warning',
  message: 'A `semver` label does not hold a semantic version.',
  check: (ctx) =>
    schemaCheck(ctx, 'semver', isSemver, (key) => `Label \`${key}\` is not a semantic version.`),
};

/** An e-mail address: a local part, `@` and a domain name or address literal. */
export function isEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const localOk =
    /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local) ||
    /^"[^"\\\r\n]*"$/.test(local);
  const domainOk =
    /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
      domain,
    ) || /^\[[^\]\s]+\]$/.test(domain);
  return localOk && domainOk;
}

export const dl3058: HadolintRule = {
  code: 'DL3058',
  severity: 'warning',
  message: 'An `email` label does not hold a valid e-mail address.',
  check: (ctx) =>
    schemaCheck(ctx, 'email', isEmail, (key) => `Label \`${key}\` is not a valid e-mail address.`),
};
