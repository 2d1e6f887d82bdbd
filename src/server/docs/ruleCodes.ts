// Hover text for hadolint (DL…) and ShellCheck (SC…) codes, as written in `# hadolint ignore=`.
import { hadolintRules } from '../rules/hadolint/registry';
import type { HadolintRule } from '../rules/hadolint/rule';

let byCode: ReadonlyMap<string, HadolintRule> | undefined;

/** A hadolint rule by code (upper case, e.g. DL3008). */
export function hadolintRule(code: string): HadolintRule | undefined {
  byCode ??= new Map(hadolintRules.map((rule) => [rule.code, rule]));
  return byCode.get(code.toUpperCase());
}

export function hadolintUrl(code: string): string {
  return `https://github.com/hadolint/hadolint/wiki/${code}`;
}

export function shellcheckUrl(code: string): string {
  return `https://www.shellcheck.net/wiki/${code}`;
}

/** Hover text of a DL or SC code; undefined for anything else. */
export function ruleCodeMarkdown(code: string): string | undefined {
  const upper = code.toUpperCase();
  if (/^DL[0-9]+$/.test(upper)) {
    const rule = hadolintRule(upper);
    if (rule === undefined) {
      return `**${upper}** · hadolint rule\n\nNot a rule this server checks.\n\n[${upper} on the hadolint wiki](${hadolintUrl(upper)})`;
    }
    return [
      `**${upper}** · hadolint rule (${rule.severity})`,
      rule.message,
      `[${upper} on the hadolint wiki](${hadolintUrl(upper)})`,
    ].join('\n\n');
  }
  if (/^SC[0-9]+$/.test(upper)) {
    return [
      `**${upper}** · ShellCheck rule`,
      'A finding of ShellCheck on the shell scripts of RUN instructions.',
      `[${upper} on the ShellCheck wiki](${shellcheckUrl(upper)})`,
    ].join('\n\n');
  }
  return undefined;
}
