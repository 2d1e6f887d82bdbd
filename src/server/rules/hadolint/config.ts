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
const SEVERITIES: readonly HadolintSeverity[] = ['error', 'warning', 'info', 'style'];

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
    for (const severity of SEVERITIES) {
      const codes = (rawOverride as Record<string, unknown>)[severity];
      if (Array.isArray(codes)) {
        for (const code of codes) if (typeof code === 'string') override[code] = severity;
      }
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
  }

  return {
    config: {
      ignored: strings('ignored'),
      override,
      trustedRegistries: strings('trustedRegistries'),
      labelSchema,
      strictLabels: raw['strict-labels'] === true,
    },
    problems,
  };
}
