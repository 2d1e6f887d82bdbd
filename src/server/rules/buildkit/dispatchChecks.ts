// Checks BuildKit makes while it runs each stage's instructions: undefined variables, shell-form
// CMD/ENTRYPOINT, repeated CMD/ENTRYPOINT/HEALTHCHECK, the first WORKDIR being relative, legacy
// `key value` pairs, secret-looking ARG/ENV names, EXPOSE formats and .dockerignored sources.
//
// UndefinedVar offline: BuildKit compares against the stage's real environment, which includes
// the base image's ENV, known only after pulling it. A stage chain rooted in `scratch` has a
// fully known environment (BuildKit's default PATH plus what the file sets), so every unmatched
// name is reported there. Elsewhere an unmatched name may come from the image, so only names
// BuildKit itself defines (TARGETARCH, BUILDPLATFORM, proxy and BUILDKIT_* args) are reported:
// those are never set by an image but are often used without the ARG that brings them in.
import { isPredefinedArg, walkScopes, type Expansion, type Scope } from '../../semantics/scope';
import type { Stage } from '../../semantics/stages';
import type { Instruction, Range } from '../../syntax/ast';
import type { CheckContext } from './context';
import { csvFields } from '../syntax/mounts';
import { copySourceIgnored, parseDockerignore, type IgnoreMatcher } from './dockerignore';
import { expandWord } from './expander';
import { RULES } from './rules';

const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

const SECRET = /(?:^|_)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const NOT_SECRET = /(?:^|_)(?:public|file|version)(?:_|$)/i;

/** What carries over from a base stage besides ARG and ENV. */
interface StageState {
  shellSet: boolean;
  workdirSet: boolean;
  readonly used: Map<string, Instruction>;
}

function isAbsolutePath(path: string): boolean {
  // Windows forms too: a stage on a Windows image may write `C:\app` or `\app`.
  return path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z]:[\\/]/.test(path);
}

/** The ports in an expanded EXPOSE word (a variable may hold several). */
function portsOf(text: string): string[] {
  if (!/\s/.test(text)) return text === '' ? [] : [text];
  return text.split(/\s+/).filter((port) => port !== '');
}

function isRemoteSource(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@');
}

/** The source paths of COPY/ADD (the last word is the destination). */
function copySources(instruction: Instruction): string[] {
  const paths =
    instruction.json !== undefined
      ? [...instruction.json]
      : instruction.words.map((word) => word.text).filter((text) => !text.startsWith('<<'));
  return paths.slice(0, -1);
}

class Dispatcher {
  private readonly states = new Map<Stage, StageState>();
  private readonly ignore: IgnoreMatcher | undefined;
  private state: StageState = { shellSet: false, workdirSet: false, used: new Map() };

  constructor(private readonly ctx: CheckContext) {
    const text = ctx.options.dockerignore;
    this.ignore = text === undefined ? undefined : parseDockerignore(text);
  }

  run(): void {
    const ctx = this.ctx;
    walkScopes(
      ctx.stages,
      ctx.expand,
      { buildArgs: ctx.options.buildArgs },
      {
        before: (instruction, scope) => this.before(instruction, scope),
        argDefault: (instruction, expansion, scope) =>
          this.reportUnmatched(instruction, expansion, scope, ctx.headRange(instruction)),
      },
      ctx.meta,
    );
  }

  private before(instruction: Instruction, scope: Scope): void {
    if (instruction === scope.stage.from) {
      this.startStage(scope);
      return;
    }
    this.expandWords(instruction, scope);
    if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      // Heredoc sources with an unquoted delimiter are expanded too, quotes taken literally.
      for (const heredoc of instruction.heredocs) {
        if (!heredoc.expand) continue;
        const body = heredoc.chomp ? heredoc.content.replace(/^\t+/gm, '') : heredoc.content;
        const expansion = expandWord(body, (name) => scope.lookup(name), '\\', true);
        this.reportUnmatched(instruction, expansion, scope, this.ctx.headRange(instruction));
      }
    }
    this.dispatch(instruction, scope);
  }

  /** Expands the words BuildKit expands before running an instruction, in BuildKit's order. */
  private expandWords(instruction: Instruction, scope: Scope): void {
    switch (instruction.keyword) {
      case 'ENV':
      case 'LABEL':
        // A word without `$` has nothing to report: its range (worked out on each read) is
        // only asked for words holding one.
        for (const pair of instruction.pairs) {
          if (pair.key.includes('$')) this.expandWord(instruction, scope, pair.key, pair.keyRange);
          const value = pair.value ?? '';
          if (value.includes('$')) this.expandWord(instruction, scope, value, pair.valueRange);
        }
        break;
      case 'WORKDIR':
      case 'USER':
      case 'STOPSIGNAL':
        if (instruction.argText.includes('$')) {
          this.expandWord(instruction, scope, instruction.argText, instruction.argRange);
        }
        break;
      case 'COPY':
      case 'ADD':
        for (const flag of instruction.flags) {
          if (flag.value === undefined) continue;
          const name = flag.name;
          if (
            (name === 'chown' ||
              name === 'chmod' ||
              (name === 'checksum' && instruction.keyword === 'ADD')) &&
            flag.value.includes('$')
          ) {
            this.expandWord(instruction, scope, flag.value, flag.valueRange);
          }
        }
        this.expandPaths(instruction, scope, true);
        break;
      case 'VOLUME':
        this.expandPaths(instruction, scope, false);
        break;
      // EXPOSE is expanded word by word when the step runs, without reporting unknown names.
      case 'RUN':
        // Every key=value field of a --mount is expanded before the mount is read.
        for (const flag of instruction.flags) {
          if (flag.name !== 'mount' || flag.value === undefined || !flag.value.includes('$')) continue;
          for (const field of csvFields(flag.value)) {
            const eq = field.text.indexOf('=');
            // A variable in `from` is a syntax error already.
            if (eq < 0 || field.text.slice(0, eq).toLowerCase() === 'from') continue;
            this.expandWord(instruction, scope, field.text.slice(eq + 1), flag.valueRange);
          }
        }
        break;
      default:
        break;
    }
  }

  private expandPaths(instruction: Instruction, scope: Scope, skipHeredocs: boolean): void {
    if (instruction.json !== undefined) {
      for (const text of instruction.json) {
        if (text.includes('$')) this.expandWord(instruction, scope, text, instruction.argRange);
      }
      return;
    }
    for (const word of instruction.words) {
      if (skipHeredocs && word.text.startsWith('<<')) continue;
      // The range is worked out only for a word that can report something.
      if (word.text.includes('$')) this.expandWord(instruction, scope, word.text, word.range);
    }
  }

  private expandWord(instruction: Instruction, scope: Scope, text: string, range: Range | undefined): void {
    // Only a `$` brings names in; a word without one has nothing to report.
    if (!text.includes('$')) return;
    const expansion = scope.expand(text);
    if (expansion.unmatched.size === 0) return;
    this.reportUnmatched(instruction, expansion, scope, this.ctx.onHead(instruction, range));
  }

  private startStage(scope: Scope): void {
    const stage = scope.stage;
    const inherited = scope.base === undefined ? undefined : this.states.get(scope.base);
    this.state = {
      shellSet: inherited?.shellSet ?? false,
      workdirSet: inherited?.workdirSet ?? false,
      used: new Map(),
    };
    this.states.set(stage, this.state);
  }

  private reportUnmatched(instruction: Instruction, expansion: Expansion, scope: Scope, range: Range): void {
    for (const name of expansion.unmatched) {
      if (scope.declares(name) || NON_ENV_ARGS.has(name)) continue;
      if (scope.open && !isPredefinedArg(name)) continue;
      const hint = this.ctx.suggest(name, () => scope.env.keys());
      const detail = `Usage of undefined variable '$${name}'${hint === undefined ? '' : ` (did you mean $${hint}?)`}`;
      this.ctx.report(RULES.UndefinedVar, range, detail, instruction);
    }
  }

  private dispatch(instruction: Instruction, scope: Scope): void {
    const ctx = this.ctx;
    switch (instruction.keyword) {
      case 'ENV':
      case 'LABEL':
        for (const pair of instruction.pairs) {
          if (pair.legacy) {
            const name = instruction.keywordText;
            ctx.report(
              RULES.LegacyKeyValueFormat,
              ctx.headRange(instruction),
              `"${name} key=value" should be used instead of legacy "${name} key value" format`,
              instruction,
            );
          }
          if (instruction.keyword === 'ENV') this.checkSecret('ENV', pair.key, instruction);
        }
        break;
      case 'ARG':
        for (const pair of instruction.pairs) this.checkSecret('ARG', pair.key, instruction);
        break;
      case 'CMD':
      case 'ENTRYPOINT':
        this.usedOnce(instruction);
        if (instruction.json === undefined && !this.state.shellSet) {
          ctx.report(
            RULES.JSONArgsRecommended,
            ctx.headRange(instruction),
            `JSON arguments recommended for ${instruction.keywordText} to prevent unintended behavior related to OS signals`,
            instruction,
          );
        }
        break;
      case 'HEALTHCHECK':
        this.usedOnce(instruction);
        break;
      case 'SHELL':
        this.state.shellSet = true;
        break;
      case 'WORKDIR':
        this.workdir(instruction, scope);
        break;
      case 'EXPOSE':
        this.expose(instruction, scope);
        break;
      case 'COPY':
      case 'ADD':
        this.copy(instruction, scope);
        break;
      default:
        break;
    }
  }

  private checkSecret(kind: string, key: string, instruction: Instruction): void {
    if (SECRET.test(key) && !NOT_SECRET.test(key)) {
      this.ctx.report(
        RULES.SecretsUsedInArgOrEnv,
        this.ctx.headRange(instruction),
        `Do not use ARG or ENV instructions for sensitive data (${kind} ${JSON.stringify(key)})`,
        instruction,
      );
    }
  }

  /** Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage count; the earlier one is reported. */
  private usedOnce(instruction: Instruction): void {
    const previous = this.state.used.get(instruction.keyword);
    if (previous !== undefined) {
      this.ctx.report(
        RULES.MultipleInstructionsDisallowed,
        this.ctx.headRange(previous),
        `Multiple ${instruction.keywordText} instructions should not be used in the same stage because only the last one will be used`,
        instruction,
      );
    }
    this.state.used.set(instruction.keyword, instruction);
  }

  private workdir(instruction: Instruction, scope: Scope): void {
    // A WORKDIR without an argument fails to parse; there is no path to judge.
    if (instruction.argText === '') return;
    if (!this.state.workdirSet) {
      const path = scope.expand(instruction.argText);
      if (path.certain && !isAbsolutePath(path.result)) {
        this.ctx.report(
          RULES.WorkdirRelativePath,
          this.ctx.onHead(instruction, instruction.argRange),
          `Relative workdir ${JSON.stringify(path.result)} can have unexpected results if the base image changes`,
          instruction,
        );
      }
    }
    this.state.workdirSet = true;
  }

  private expose(instruction: Instruction, scope: Scope): void {
    for (const word of instruction.words) {
      const expansion = scope.expand(word.text);
      if (!expansion.certain) continue;
      // Only a host part (`:`) or a protocol (`/`) can be reported.
      if (!expansion.result.includes(':') && !expansion.result.includes('/')) continue;
      const range = this.ctx.onHead(instruction, word.range);
      for (const port of portsOf(expansion.result)) {
        const parts = port.split(':');
        const host = parts.length === 2 ? (parts[0] ?? '') : parts.slice(0, -1).join('');
        if (host !== '') {
          this.ctx.report(
            RULES.ExposeInvalidFormat,
            range,
            `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'`,
            instruction,
          );
        }
        const container = parts[parts.length - 1] ?? '';
        const slash = container.indexOf('/');
        if (slash >= 0) {
          const proto = container.slice(slash + 1);
          if (proto !== proto.toLowerCase()) {
            this.ctx.report(
              RULES.ExposeProtoCasing,
              range,
              `Defined protocol '${port}' in EXPOSE instruction should be lowercase`,
              instruction,
            );
          }
        }
      }
    }
  }

  private copy(instruction: Instruction, scope: Scope): void {
    if (this.ignore === undefined) return;
    if (instruction.keyword === 'COPY' && instruction.flags.some((flag) => flag.name === 'from')) return;
    const verb = instruction.keyword === 'ADD' ? 'Add' : 'Copy';
    for (const source of copySources(instruction)) {
      if (instruction.keyword === 'ADD' && isRemoteSource(source)) continue;
      const expansion = scope.expand(source);
      if (!expansion.certain) continue;
      const ignored = copySourceIgnored(this.ignore, expansion.result);
      if (ignored === undefined) continue;
      this.ctx.report(
        RULES.CopyIgnoredFile,
        this.ctx.headRange(instruction),
        `Attempting to ${verb} file ${JSON.stringify(ignored)} that is excluded by .dockerignore`,
        instruction,
      );
    }
  }
}

/** Runs every stage, as the lint request does (unreachable stages included). */
export function dispatchChecks(ctx: CheckContext): void {
  new Dispatcher(ctx).run();
}
