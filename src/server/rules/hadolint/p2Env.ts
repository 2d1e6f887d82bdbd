// Variables and users: self-references within one ENV (DL3044), secrets in ARG/ENV names
// (DL3064) and non-numeric USER ids (DL3066).
import type { Instruction } from '../../syntax/ast';
import { indexesOf } from './engine';
import { unquote } from './p2Support';
import type { HadolintHit, HadolintRule } from './rule';

/** True when `text` references `$name` or `${name}` (and not a longer name starting with it). */
export function referencesVariable(text: string, name: string): boolean {
  if (text.includes(`\${${name}}`) || text.includes(`\${${name}:`)) return true;
  const bare = `$${name}`;
  for (let at = text.indexOf(bare); at >= 0; at = text.indexOf(bare, at + 1)) {
    const next = text[at + bare.length];
    if (next === undefined || !/[A-Za-z0-9_]/.test(next)) return true;
  }
  return false;
}

export const dl3044: HadolintRule = {
  code: 'DL3044',
  severity: 'error',
  message: 'Do not refer to a variable in the same `ENV` that defines it: split the `ENV`.',
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    const defined = new Set<string>();
    for (const inst of ctx.doc.instructions) {
      if (inst.keyword === 'ARG') {
        for (const pair of inst.pairs) defined.add(unquote(pair.key));
        continue;
      }
      if (inst.keyword !== 'ENV') continue;
      // A value without `$` refers to nothing: most ENVs only add their names.
      if (!inst.pairs.some((pair) => pair.value?.includes('$') === true)) {
        for (const pair of inst.pairs) defined.add(unquote(pair.key));
        continue;
      }
      const pairs = inst.pairs.map((pair) => ({ key: unquote(pair.key), value: pair.value ?? '' }));
      const offending = pairs.find(
        (pair, index) =>
          !defined.has(pair.key) &&
          pairs.some(
            (other, otherIndex) => otherIndex !== index && referencesVariable(other.value, pair.key),
          ),
      );
      if (offending !== undefined) {
        hits.push({
          range: inst.range,
          message: `\`${offending.key}\` is defined and used in the same \`ENV\`: split the \`ENV\` so the new value is seen.`,
        });
      }
      for (const pair of pairs) defined.add(pair.key);
    }
    return hits;
  },
};

const SENSITIVE_NAMES = new Set(
  [
    'ACCESS_TOKEN APPLICATION_KEY APP_SECRET AUTH_TOKEN AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY',
    'BITTREX_API_KEY BITTREX_API_SECRET CF_PASSWORD CF_USERNAME CIRCLE_TOKEN CI_DEPLOY_PASSWORD',
    'CI_DEPLOY_USER DOCKERHUB_PASSWORD DOCKER_EMAIL DOCKER_PASSWORD DOCKER_USERNAME',
    'FACEBOOK_ACCESS_TOKEN FACEBOOK_APP_ID FACEBOOK_APP_SECRET FIREBASE_API_TOKEN FIREBASE_TOKEN',
    'FOSSA_API_KEY GH_ENTERPRISE_TOKEN GH_TOKEN GITHUB_ENTERPRISE_TOKEN GITHUB_TOKEN HEROKU_API_KEY',
    'HEROKU_API_USER NPM_AUTH_TOKEN NPM_TOKEN OKTA_AUTHN_GROUPID OKTA_CLIENT_ORGURL OKTA_CLIENT_TOKEN',
    'OKTA_OAUTH2_CLIENTID OKTA_OAUTH2_CLIENTSECRET OPENAI_API_KEY OS_PASSWORD OS_USERNAME',
    'POSTGRES_PASSWORD SLACK_TOKEN STRIPE_API_KEY STRIPE_DEVICE_NAME TRAVIS_OS_NAME',
    'TRAVIS_SECURE_ENV_VARS TRAVIS_SUDO VAULT_CLIENT_KEY VAULT_TOKEN',
  ]
    .join(' ')
    .split(' '),
);
const SENSITIVE_PARTS = ['api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username'];

/** A variable name that suggests it holds a credential. */
export function looksSensitive(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_NAMES.has(name.toUpperCase()) || SENSITIVE_PARTS.some((part) => lower.includes(part));
}

export const dl3064: HadolintRule = {
  code: 'DL3064',
  severity: 'warning',
  message: 'Possible secret in `ARG`/`ENV`: values end up in the image history; use a build secret instead.',
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    // The same names come back in stage after stage: each is judged once.
    const verdicts = new Map<string, boolean>();
    const sensitive = (key: string): boolean => {
      let verdict = verdicts.get(key);
      if (verdict === undefined) {
        verdict = looksSensitive(unquote(key));
        verdicts.set(key, verdict);
      }
      return verdict;
    };
    // Plain instructions first, then ONBUILD triggers, each in document order.
    const report = (outer: Instruction, inst: Instruction): void => {
      if (inst.keyword !== 'ARG' && inst.keyword !== 'ENV') return;
      const pair = inst.pairs.find((p) => sensitive(p.key));
      if (pair !== undefined) {
        hits.push({
          range: outer === inst ? pair.keyRange : outer.range,
          message: `\`${unquote(pair.key)}\` may hold a secret, and \`${inst.keyword}\` values stay in the image history: use \`RUN --mount=type=secret\` instead.`,
        });
      }
    };
    for (const instruction of ctx.doc.instructions) report(instruction, instruction);
    for (const instruction of indexesOf(ctx).instructionsOf('ONBUILD')) {
      if (instruction.trigger !== undefined) report(instruction, instruction.trigger);
    }
    return hits;
  },
};

export const dl3066: HadolintRule = {
  code: 'DL3066',
  severity: 'info',
  message: 'Non-numeric user id: the host may not resolve it; use a numeric UID.',
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    for (const inst of indexesOf(ctx).instructionsOf('USER')) {
      const user = unquote(inst.argText.trim());
      const uid = user.split(':')[0] ?? '';
      // A variable may well hold a number; only literal names are reported.
      if (uid === '' || uid.includes('$') || /^[0-9]+$/.test(uid)) continue;
      hits.push({ range: inst.argRange });
    }
    return hits;
  },
};
