// The TextMate grammars: well-formed JSON whose every regex compiles (after translating the few
// Oniguruma forms JavaScript spells differently), whose includes and captures resolve, and which
// scope sample lines as expected. vscode-textmate is not a dependency, so the sample lines go
// through a small tokenizer below that follows its rules for match, begin/end, captures,
// contentName and back-references in end; patterns from other grammars are treated as opaque.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface Capture {
  name?: string;
  patterns?: Rule[];
}
interface Rule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  contentName?: string;
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  endCaptures?: Record<string, Capture>;
  patterns?: Rule[];
  comment?: string;
}
interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

function load(file: string): Grammar {
  return JSON.parse(readFileSync(resolve('syntaxes', file), 'utf8')) as Grammar;
}

/** Oniguruma syntax with no JavaScript counterpart; the grammars must not use it. */
const ONIGURUMA_ONLY = [/\\[hHAzZK]/, /\(\?>/, /[*+?}]\+/, /\(\?[imx]+[:-]/, /\(\?~/, /\\p\{\^/];

/** Translates an Oniguruma pattern to a JavaScript one: a leading (?i) becomes a flag, \G goes. */
function compile(source: string, sticky = false): RegExp {
  let flags = 'dg';
  let body = source;
  if (body.startsWith('(?i)')) {
    flags += 'i';
    body = body.slice(4);
  }
  body = body.replace(/\\G/g, '');
  return new RegExp(body, sticky ? flags.replace('g', 'y') : flags);
}

function groupCount(source: string): number {
  return new RegExp(`${compile(source).source}|`).exec('')!.length - 1;
}

function* rulesOf(grammar: Grammar): Generator<[string, Rule]> {
  const seen = new Set<Rule>();
  function* walk(path: string, rule: Rule): Generator<[string, Rule]> {
    if (seen.has(rule)) return;
    seen.add(rule);
    yield [path, rule];
    for (const [i, child] of (rule.patterns ?? []).entries()) yield* walk(`${path}/patterns/${i}`, child);
    for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
      for (const [n, capture] of Object.entries(rule[key] ?? {})) {
        for (const [i, child] of (capture.patterns ?? []).entries()) {
          yield* walk(`${path}/${key}/${n}/patterns/${i}`, child);
        }
      }
    }
  }
  for (const [i, rule] of grammar.patterns.entries()) yield* walk(`patterns/${i}`, rule);
  for (const [name, rule] of Object.entries(grammar.repository)) yield* walk(`repository/${name}`, rule);
}

/** A token: its text and the scopes it carries, outermost first. */
interface Token {
  text: string;
  scopes: string[];
}

interface Frame {
  rule: Rule;
  end: RegExp;
  /** The scopes of the begin and end lines: the rule's name, without its contentName. */
  outer: string[];
  /** The scopes between begin and end. */
  scopes: string[];
}

/** Tokenizes lines the way vscode-textmate does, for the features these grammars use. */
class Tokenizer {
  private readonly regexes = new Map<string, RegExp>();

  constructor(private readonly grammar: Grammar) {}

  tokenize(text: string): Token[][] {
    const stack: Frame[] = [];
    const base = [this.grammar.scopeName];
    return text.split('\n').map((line) => this.run(line, 0, stack, this.grammar.patterns, base));
  }

  private regex(source: string): RegExp {
    let regex = this.regexes.get(source);
    if (regex === undefined) {
      regex = compile(source);
      this.regexes.set(source, regex);
    }
    return regex;
  }

  private resolve(rules: readonly Rule[]): Rule[] {
    return rules.flatMap((rule) => {
      if (rule.include === undefined) {
        // A rule with only patterns stands for its patterns.
        const container = rule.match === undefined && rule.begin === undefined;
        return container ? this.resolve(rule.patterns ?? []) : [rule];
      }
      if (rule.include === '$self') return this.resolve(this.grammar.patterns);
      if (rule.include.startsWith('#')) {
        const target = this.grammar.repository[rule.include.slice(1)];
        assert.ok(target, `no repository entry ${rule.include}`);
        return this.resolve([target]);
      }
      return []; // Another grammar: opaque here.
    });
  }

  private run(text: string, start: number, stack: Frame[], root: readonly Rule[], base: string[]): Token[] {
    const tokens: Token[] = [];
    const emit = (from: number, to: number, scopes: string[]): void => {
      if (to > from) tokens.push({ text: text.slice(from, to), scopes });
    };
    let pos = start;
    for (let guard = 0; guard < text.length * 4 + 16; guard++) {
      const top = stack[stack.length - 1];
      const scopes = top?.scopes ?? base;
      let best: { match: RegExpExecArray; rule: Rule | undefined } | undefined;
      if (top !== undefined) {
        top.end.lastIndex = pos;
        const match = top.end.exec(text);
        if (match !== null) best = { match, rule: undefined };
      }
      for (const rule of this.resolve(top !== undefined ? (top.rule.patterns ?? []) : root)) {
        const source = rule.match ?? rule.begin;
        if (source === undefined) continue;
        const regex = this.regex(source);
        regex.lastIndex = pos;
        const match = regex.exec(text);
        if (match !== null && (best === undefined || match.index < best.match.index)) best = { match, rule };
      }
      if (best === undefined) break;
      const { match, rule } = best;
      emit(pos, match.index, scopes);
      const end = match.index + match[0].length;
      if (rule === undefined && top !== undefined) {
        tokens.push(...this.captures(text, match, top.rule.endCaptures, top.outer));
        stack.pop();
      } else if (rule?.match !== undefined) {
        const outer = rule.name !== undefined ? [...scopes, rule.name] : scopes;
        tokens.push(...this.captures(text, match, rule.captures, outer));
        if (end === match.index) {
          // An empty match changes nothing: step over a character as the engine does.
          emit(end, end + 1, scopes);
          pos = end + 1;
          continue;
        }
      } else if (rule?.begin !== undefined) {
        const outer = rule.name !== undefined ? [...scopes, rule.name] : scopes;
        tokens.push(...this.captures(text, match, rule.beginCaptures ?? rule.captures, outer));
        // Back-references in end stand for what begin captured, taken literally.
        const endSource = (rule.end ?? '(?!)').replace(/\\(\d)/g, (_, n: string) =>
          (match[Number(n)] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        );
        const content = rule.contentName !== undefined ? [...outer, rule.contentName] : outer;
        stack.push({ rule, end: compile(endSource), outer, scopes: content });
      }
      pos = end;
    }
    emit(pos, text.length, stack[stack.length - 1]?.scopes ?? base);
    return tokens;
  }

  private captures(
    text: string,
    match: RegExpExecArray,
    captures: Record<string, Capture> | undefined,
    outer: string[],
  ): Token[] {
    const [start, end] = match.indices?.[0] ?? [match.index, match.index];
    const zero = captures?.['0']?.name;
    const base = zero !== undefined ? [...outer, zero] : outer;
    const spans: Array<{ from: number; to: number; capture: Capture }> = [];
    for (const [n, capture] of Object.entries(captures ?? {})) {
      const span = match.indices?.[Number(n)];
      if (Number(n) > 0 && span !== undefined && span[1] > span[0]) {
        spans.push({ from: span[0], to: span[1], capture });
      }
    }
    spans.sort((a, b) => a.from - b.from);
    const tokens: Token[] = [];
    let pos = start;
    for (const { from, to, capture } of spans) {
      if (from < pos) continue;
      if (from > pos) tokens.push({ text: text.slice(pos, from), scopes: base });
      const scopes = capture.name !== undefined ? [...base, capture.name] : base;
      if (capture.patterns !== undefined) {
        tokens.push(...this.run(text.slice(0, to), from, [], capture.patterns, scopes));
      } else {
        tokens.push({ text: text.slice(from, to), scopes });
      }
      pos = to;
    }
    if (end > pos) tokens.push({ text: text.slice(pos, end), scopes: base });
    return tokens;
  }
}

/** The scopes at the first occurrence of `needle` on a line, innermost last. */
function scopesAt(lines: Token[][], line: number, needle: string): string[] {
  const tokens = lines[line] ?? [];
  const text = tokens.map((t) => t.text).join('');
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not on line ${line}: ${text}`);
  let pos = 0;
  for (const token of tokens) {
    if (at < pos + token.text.length) return token.scopes;
    pos += token.text.length;
  }
  return [];
}

/** Whether some scope of the text on that line starts with `scope`. */
function has(lines: Token[][], line: number, needle: string, scope: string): boolean {
  return scopesAt(lines, line, needle).some((s) => s === scope || s.startsWith(`${scope}.`));
}

for (const file of ['dockerfile.tmLanguage.json', 'dockerignore.tmLanguage.json']) {
  describe(`grammar ${file}`, () => {
    const grammar = load(file);

    it('names its scope and resolves every include', () => {
      assert.match(grammar.scopeName, /^source\./);
      for (const [path, rule] of rulesOf(grammar)) {
        const include = rule.include;
        if (include === undefined) continue;
        if (include.startsWith('#')) assert.ok(grammar.repository[include.slice(1)], `${path}: ${include}`);
        else assert.ok(include === '$self' || include === 'source.shell', `${path}: ${include}`);
      }
    });

    it('uses only regexes that compile, with captures and back-references that exist', () => {
      for (const [path, rule] of rulesOf(grammar)) {
        for (const key of ['match', 'begin', 'end'] as const) {
          const source = rule[key];
          if (source === undefined) continue;
          for (const only of ONIGURUMA_ONLY) assert.doesNotMatch(source, only, `${path}/${key}`);
          // Back-references in end refer to begin's groups, filled in before compiling.
          const compiled = key === 'end' ? source.replace(/\\\d/g, 'x') : source;
          assert.doesNotThrow(() => compile(compiled), `${path}/${key}: ${source}`);
        }
        const groups = (source: string | undefined): number => (source === undefined ? 0 : groupCount(source));
        const check = (captures: Record<string, Capture> | undefined, count: number, what: string): void => {
          for (const n of Object.keys(captures ?? {})) {
            assert.ok(Number(n) <= count, `${path}/${what}: no group ${n}`);
          }
        };
        check(rule.captures, groups(rule.match ?? rule.begin), 'captures');
        check(rule.beginCaptures, groups(rule.begin), 'beginCaptures');
        check(rule.endCaptures, groups(rule.end?.replace(/\\\d/g, 'x')), 'endCaptures');
        for (const reference of rule.end?.match(/\\\d/g) ?? []) {
          assert.ok(Number(reference.slice(1)) <= groups(rule.begin), `${path}: end refers to ${reference}`);
        }
        if (rule.begin !== undefined) assert.ok(rule.end !== undefined, `${path}: begin without end`);
      }
    });

    it('names every scope after its language', () => {
      const suffix = file.startsWith('dockerfile') ? '.dockerfile' : '.dockerignore';
      for (const [path, rule] of rulesOf(grammar)) {
        const names = [rule.name, rule.contentName];
        for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
          for (const capture of Object.values(rule[key] ?? {})) names.push(capture.name);
        }
        for (const name of names) {
          if (name === undefined) continue;
          assert.ok(name.endsWith(suffix) || name === 'meta.embedded.block.shell', `${path}: ${name}`);
        }
      }
    });
  });
}

describe('grammar: how Dockerfile lines are scoped', () => {
  const tokenizer = new Tokenizer(load('dockerfile.tmLanguage.json'));
  const SHELL = 'meta.embedded.block.shell';

  it('embeds RUN heredoc bodies as shell up to the terminator, with <<- and quoted delimiters', () => {
    const lines = tokenizer.tokenize(
      [
        'RUN --mount=type=cache,target=/c <<EOF',
        'apt-get update',
        'EOF',
        'RUN <<-"SCRIPT" bash',
        '\techo "$HOME"',
        '\tSCRIPT',
        "ONBUILD RUN <<'X'",
        'echo x',
        'X',
        'ENV A=1',
      ].join('\n'),
    );
    assert.ok(has(lines, 0, 'RUN', 'keyword.other.special-method'));
    assert.ok(has(lines, 0, 'mount', 'variable.parameter.flag'));
    assert.ok(has(lines, 0, 'target', 'variable.parameter.option'));
    assert.ok(has(lines, 0, '<<', 'keyword.operator.heredoc'));
    assert.ok(has(lines, 0, 'EOF', 'keyword.control.heredoc-token'));
    assert.ok(has(lines, 1, 'apt-get', SHELL));
    assert.ok(!has(lines, 2, 'EOF', SHELL));
    assert.ok(has(lines, 2, 'EOF', 'keyword.control.heredoc-token'));
    assert.ok(has(lines, 3, 'SCRIPT', 'keyword.control.heredoc-token'));
    assert.ok(has(lines, 4, 'echo', SHELL));
    assert.ok(has(lines, 5, 'SCRIPT', 'keyword.control.heredoc-token'));
    assert.ok(has(lines, 6, 'ONBUILD', 'keyword.other.special-method'));
    assert.ok(has(lines, 7, 'echo', SHELL));
    assert.ok(!has(lines, 9, 'ENV', SHELL));
    assert.ok(has(lines, 9, 'ENV', 'keyword.other.special-method'));
  });

  it('keeps a <<EOF body open past a tab-indented EOF, and <<- closes on it', () => {
    const lines = tokenizer.tokenize(['RUN <<EOF', '\tEOF', 'EOF', 'CMD x'].join('\n'));
    assert.ok(has(lines, 1, 'EOF', SHELL));
    assert.ok(has(lines, 3, 'CMD', 'keyword.other.special-method'));
  });

  it('embeds COPY bodies written to scripts as shell, other COPY bodies as text', () => {
    const lines = tokenizer.tokenize(
      ['COPY <<EOF /usr/local/bin/start.sh', 'exec app', 'EOF', 'COPY <<EOF /etc/app.conf', 'key = value', 'EOF'].join(
        '\n',
      ),
    );
    assert.ok(has(lines, 1, 'exec', SHELL));
    assert.ok(has(lines, 4, 'key', 'string.unquoted.heredoc'));
    assert.ok(!has(lines, 4, 'key', SHELL));
  });

  it('scopes directives, comments, FROM, flags, variables and exec form', () => {
    const lines = tokenizer.tokenize(
      [
        '# syntax=docker/dockerfile:1',
        '# a comment',
        'FROM --platform=$BUILDPLATFORM golang:1.22@sha256:abc AS build',
        'ENV PATH="/opt/bin:${PATH:-/bin}" HOME=/root',
        'CMD ["app", "--flag=\\"x\\""]',
        'COPY ["$SRC", "/dst"]',
        'EXPOSE 80/tcp 9000-9010',
        'HEALTHCHECK --interval=5s CMD ["curl", "-f"]',
        'RUN echo $HOME \\',
        '  && true',
      ].join('\n'),
    );
    assert.ok(has(lines, 0, 'syntax', 'keyword.other.directive'));
    assert.ok(has(lines, 0, 'docker/dockerfile:1', 'string.unquoted.directive'));
    assert.ok(has(lines, 1, 'a comment', 'comment.line.number-sign'));
    assert.ok(has(lines, 2, 'platform', 'variable.parameter.flag'));
    assert.ok(has(lines, 2, 'BUILDPLATFORM', 'variable.other'));
    assert.ok(has(lines, 2, 'golang', 'entity.name.type.image'));
    assert.ok(has(lines, 2, '1.22', 'constant.other.tag'));
    assert.ok(has(lines, 2, 'sha256:abc', 'constant.other.digest'));
    assert.ok(has(lines, 2, 'build', 'entity.name.type.stage'));
    assert.ok(has(lines, 3, 'PATH=', 'variable.other.assignment'));
    assert.ok(has(lines, 3, '{PATH', 'punctuation.definition.variable.begin') || has(lines, 3, 'PATH:-', 'variable.other'));
    assert.ok(has(lines, 3, ':-', 'keyword.operator.expansion'));
    assert.ok(has(lines, 3, 'HOME', 'variable.other.assignment'));
    assert.ok(has(lines, 4, 'app', 'string.quoted.double.json'));
    assert.ok(has(lines, 4, '\\"', 'constant.character.escape.json'));
    assert.ok(has(lines, 5, 'SRC', 'variable.other'));
    assert.ok(has(lines, 6, '80', 'constant.numeric.port'));
    assert.ok(has(lines, 6, 'tcp', 'keyword.other.protocol'));
    assert.ok(has(lines, 6, '9000-9010', 'constant.numeric.port'));
    assert.ok(has(lines, 7, 'CMD', 'keyword.other.healthcheck'));
    assert.ok(has(lines, 7, 'curl', 'string.quoted.double.json'));
    assert.ok(has(lines, 8, 'HOME', 'variable.other'));
    assert.ok(has(lines, 8, '\\', 'constant.character.escape.continuation'));
  });
});

describe('grammar: how .dockerignore lines are scoped', () => {
  const tokenizer = new Tokenizer(load('dockerignore.tmLanguage.json'));

  it('scopes comments, negations, wildcards, classes and escapes', () => {
    const lines = tokenizer.tokenize(['# build output', '!keep/**/*.md', 'file[!a-c]?.txt', 'odd\\*name'].join('\n'));
    assert.ok(has(lines, 0, 'build', 'comment.line.number-sign'));
    assert.ok(has(lines, 1, '!', 'keyword.operator.negation'));
    assert.ok(has(lines, 1, '**', 'keyword.operator.glob.globstar'));
    assert.ok(has(lines, 1, '*.md', 'keyword.operator.glob.wildcard'));
    assert.ok(has(lines, 1, 'keep', 'string.unquoted.pattern'));
    assert.ok(has(lines, 2, 'a-c', 'constant.other.character-class.set'));
    assert.ok(has(lines, 2, '?', 'keyword.operator.glob.wildcard'));
    assert.ok(has(lines, 3, '\\*', 'constant.character.escape'));
  });
});
