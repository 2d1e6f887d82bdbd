// hadolint's configuration file (.hadolint.yaml): the keys that change which rules fire and how.
import { parse } from 'yaml';

export type HadolintSeverity = 'error' | 'warning' | 'info' | 'style' | 'ignore';
export type LabelType = 'text' | 'url' | 'semver' | 'hash' | 'rfc3339' | 'spdx' | 'email';

export interface HadolintConfig {
  readonly ignored: readonly string[];
  readonly override: Readonly<Record<string, HadolintSeverity>>;
  readonly trustedRegistries: readonly string[];
  readonly labelSchema: Readonly<Record<string, LabelType>>;
  readonly strictLabels: boolean;
  /** `disable-ignore-pragma`: `# hadolint ignore=` (next line, stage and global) is not honoured. */
  readonly disableIgnorePragma?: boolean;
}

export const DEFAULT_HADOLINT_CONFIG: HadolintConfig = {
  ignored: [],
  override: {},
  trustedRegistries: [],
  labelSchema: {},
  strictLabels: false,
};

/** File names hadolint looks for in a project, in order. */
export const HADOLINT_CONFIG_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

const LABEL_TYPES = new Set<string>(['text', 'url', 'semver', 'hash', 'rfc3339', 'spdx', 'email']);
// hadolint applies the override lists in this order, so a code named in two lists takes the
// later (more severe) one.
const OVERRIDE_ORDER: readonly HadolintSeverity[] = ['style', 'info', 'warning', 'error'];

/** Parses the YAML text of a config file; problems come back as messages, never as exceptions. */
export function parseHadolintConfig(text: string): { config: HadolintConfig; problems: string[] } {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { config: DEFAULT_HADOLINT_CONFIG, problems: [`invalid YAML: ${(err as Error).message}`] };
  }
  if (doc === null || doc === undefined) return { config: DEFAULT_HADOLINT_CONFIG, problems };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { config: DEFAULT_HADOLINT_CONFIG, problems: ['the configuration must be a mapping'] };
  }
  const raw = doc as Record<string, unknown>;
  const strings = (key: string): string[] => {
    const value = raw[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    problems.push(`"${key}" must be a list of strings`);
    return [];
  };

  const override: Record<string, HadolintSeverity> = {};
  const rawOverride = raw.override;
  if (rawOverride && typeof rawOverride === 'object' && !Array.isArray(rawOverride)) {
    const lists = rawOverride as Record<string, unknown>;
    for (const severity of OVERRIDE_ORDER) {
      const codes = lists[severity];
      if (codes === undefined || codes === null) continue;
      if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string')) {
        problems.push(`"override.${severity}" must be a list of rule codes`);
        continue;
      }
      for (const code of codes) override[code] = severity;
    }
  } else if (rawOverride !== undefined && rawOverride !== null) {
    problems.push('"override" must be a mapping of severities to rule codes');
  }

  const labelSchema: Record<string, LabelType> = {};
  const rawSchema = raw['label-schema'];
  if (rawSchema && typeof rawSchema === 'object' && !Array.isArray(rawSchema)) {
    for (const [label, type] of Object.entries(rawSchema as Record<string, unknown>)) {
      if (typeof type === 'string' && LABEL_TYPES.has(type)) labelSchema[label] = type as LabelType;
      else problems.push(`label "${label}" has an unknown type ${JSON.stringify(type)}`);
    }
  } else if (rawSchema !== undefined && rawSchema !== null) {
    problems.push('"label-schema" must be a mapping of label names to types');
  }

  const flag = (key: string): boolean => {
    const value = raw[key];
    if (value === undefined || value === null) return false;
    if (typeof value === 'boolean') return value;
    problems.push(`"${key}" must be true or false`);
    return false;
  };

  // Other keys (no-fail, failure-threshold, format, …) steer hadolint's command line, not
  // which findings a file has: they are accepted and left alone, as hadolint leaves unknown keys.
  const disableIgnorePragma = flag('disable-ignore-pragma');
  return {
    config: {
      ignored: strings('ignored'),
      override,
      // hadolint has read this list under both spellings.
      trustedRegistries: [...strings('trustedRegistries'), ...strings('trusted-registries')],
      labelSchema,
      strictLabels: flag('strict-labels'),
      ...(disableIgnorePragma ? { disableIgnorePragma } : {}),
    },
    problems,
  };
}
