import * as assert from 'node:assert/strict';
import { expanderFor } from '../../../src/server/rules/buildkit/expander';
import {
  DEFAULT_PATH,
  isPredefinedArg,
  metaScope,
  predefinedArgValues,
  walkScopes,
  type Scope,
} from '../../../src/server/semantics/scope';
import { stagesOf } from '../../../src/server/semantics/stages';
import { parseDockerfile } from '../../../src/server/syntax/parser';

const expand = expanderFor('\\');

function model(text: string) {
  return stagesOf(parseDockerfile(text).instructions);
}

/** The scope before each instruction, keyed by its first line (1-based). */
function scopes(text: string, buildArgs: Record<string, string> = {}): Map<number, Scope> {
  const seen = new Map<number, Scope>();
  walkScopes(
    model(text),
    expand,
    { buildArgs },
    {
      before: (instruction, scope) => {
        // Snapshot what matters: the scope object is updated as the walk goes on.
        const env = new Map(scope.env);
        seen.set(instruction.range.start.line + 1, {
          ...scope,
          env,
          args: new Set(scope.args),
          open: scope.open,
          lookup: (name) => (env.has(name) ? (env.get(name)?.value ?? '') : undefined),
          expand: scope.expand.bind(scope),
        });
      },
    },
  );
  return seen;
}

function envOf(scope: Scope | undefined): Record<string, string | undefined> {
  return Object.fromEntries([...(scope?.env.values() ?? [])].map((v) => [v.name, v.value]));
}

describe('scope', () => {
  it('knows BuildKit’s predefined args', () => {
    assert.ok(isPredefinedArg('TARGETARCH'));
    assert.ok(isPredefinedArg('https_proxy'));
    assert.ok(isPredefinedArg('BUILDKIT_INLINE_CACHE'));
    assert.ok(!isPredefinedArg('VERSION'));
    const values = predefinedArgValues(model('FROM scratch AS Final\n'), {
      buildArgs: { TARGETARCH: 'arm64' },
    });
    assert.equal(values.get('TARGETPLATFORM'), 'linux/amd64');
    assert.equal(values.get('TARGETARCH'), 'arm64');
    assert.equal(values.get('TARGETSTAGE'), 'final');
  });

  it('evaluates global ARGs in order, build args first', () => {
    const m = model('ARG A=1\nARG B=${A}2\nARG C\nFROM scratch\n');
    const meta = metaScope(m, expand);
    assert.equal(meta.values.get('B'), '12');
    assert.ok(meta.declared.has('C') && !meta.values.has('C'));
    assert.equal(metaScope(m, expand, { buildArgs: { A: 'x' } }).values.get('B'), 'x2');
    assert.equal(metaScope(m, expand, { buildArgs: { A: 'x' } }, false).values.get('B'), '12');
  });

  it('starts scratch stages with the default PATH and a closed environment', () => {
    const seen = scopes('FROM scratch\nENV A=1\nCOPY x y\n');
    assert.deepEqual(envOf(seen.get(2)), { PATH: DEFAULT_PATH });
    assert.equal(seen.get(2)?.open, false);
    assert.deepEqual(envOf(seen.get(3)), { PATH: DEFAULT_PATH, A: '1' });
  });

  it('marks stages from other images open and their derived values unknown', () => {
    const seen = scopes('FROM alpine\nENV A=$HOME/x B=1\nCOPY x y\n');
    assert.equal(seen.get(3)?.open, true);
    assert.deepEqual(envOf(seen.get(3)), { A: undefined, B: '1' });
    assert.equal(seen.get(3)?.expand('$B').certain, true);
    assert.equal(seen.get(3)?.expand('$A').certain, false);
    assert.equal(seen.get(3)?.expand('$C').certain, false);
  });

  it('brings a global value in only when a stage redeclares the ARG', () => {
    const seen = scopes('ARG V=1\nFROM scratch\nCOPY a b\nARG V\nCOPY c d\n');
    assert.equal(seen.get(3)?.lookup('V'), undefined);
    assert.equal(seen.get(5)?.lookup('V'), '1');
    assert.ok(seen.get(5)?.args.has('V'));
  });

  it('applies build args to declared ARGs only, and lets stages inherit their base stage', () => {
    const seen = scopes('FROM scratch AS base\nARG A=1\nENV E=2\nFROM base\nCOPY a b\n', { A: 'x', B: 'y' });
    assert.deepEqual(envOf(seen.get(5)), { PATH: DEFAULT_PATH, A: 'x', E: '2' });
    assert.ok(seen.get(5)?.args.has('A'));
    assert.equal(seen.get(5)?.lookup('B'), undefined);
  });

  it('keeps ARGs without any value out of the environment but in the declared names', () => {
    const seen = scopes('FROM scratch\nARG X\nCOPY a b\n');
    assert.equal(seen.get(3)?.env.has('X'), false);
    assert.ok(seen.get(3)?.args.has('X'));
  });
});
