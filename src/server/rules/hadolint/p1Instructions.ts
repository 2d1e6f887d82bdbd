// Rules about single instructions: ignore pragmas (DL1001), absolute WORKDIR (DL3000), archives
// copied then extracted (DL3010), port ranges (DL3011), ADD only for archives and URLs (DL3020),
// COPY to several sources needs a directory (DL3021), exec form for CMD/ENTRYPOINT (DL3025).
import type { Instruction, Range } from '../../syntax/ast';
import type { ShellCommand } from '../../semantics/shell';
import { parsePragma } from './pragmas';
import { indexesOf } from './engine';
import type { HadolintHit, HadolintRule } from './rule';
import { dropQuotes, operands, runSites } from './p1Support';
import { unwrapped } from './p1Hits';

export const DL1001: HadolintRule = {
  code: 'DL1001',
  severity: 'info',
  message: 'Avoid inline ignore pragmas (`# hadolint ignore=DLxxxx`): fix the finding or configure it.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const comment of ctx.doc.comments) {
      const pragma = parsePragma(comment.text);
      if (pragma?.kind === 'ignore' && pragma.scope === 'next') hits.push({ range: comment.range });
    }
    return hits;
  },
};

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:/.test(path);
}

export const DL3000: HadolintRule = {
  code: 'DL3000',
  severity: 'error',
  message: 'Use an absolute WORKDIR.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const instruction of ctx.doc.instructions) {
      if (instruction.keyword !== 'WORKDIR') continue;
      const path = dropQuotes(instruction.argText);
      if (path !== '' && !isAbsolute(path)) hits.push({ range: instruction.argRange });
    }
    return hits;
  },
};

const ARCHIVE_EXTENSIONS = [
  '.tar',
  '.Z',
  '.bz2',
  '.gz',
  '.lz',
  '.lzma',
  '.tZ',
  '.tb2',
  '.tbz',
  '.tbz2',
  '.tgz',
  '.tlz',
  '.tpz',
  '.txz',
  '.xz',
];

function isArchive(path: string): boolean {
  const text = dropQuotes(path);
  return ARCHIVE_EXTENSIONS.some((extension) => text.endsWith(extension));
}

function basename(path: string): string {
  const text = dropQuotes(path);
  const cut = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
  return text.slice(cut + 1);
}

/** The source and destination arguments of COPY or ADD (exec or shell form), heredocs left out. */
function copyArguments(instruction: Instruction): { sources: string[]; target: string | undefined } {
  const args = instruction.json ?? instruction.words.map((word) => word.text);
  const paths = args.filter((arg) => !/^<<-?/.test(arg));
  if (paths.length < 2) return { sources: [], target: paths[0] };
  return { sources: paths.slice(0, -1), target: paths[paths.length - 1] };
}

const UNPACKERS = new Set([
  'unzip',
  'gunzip',
  'bunzip2',
  'unlzma',
  'unxz',
  'zgz',
  'uncompress',
  'zcat',
  'gzcat',
]);

/**
 * True when a command unpacks an archive. As in hadolint, tar extracts when given `--extract`,
 * `--get` or any option word holding an `x`; the old form without a dash (`tar xzf`) is not read.
 */
function extracts(each: ShellCommand): boolean {
  const command = unwrapped(each);
  if (UNPACKERS.has(command.name)) return true;
  if (command.name !== 'tar') return false;
  return command.args.some(
    ({ value }) =>
      value === '--extract' || value === '--get' || (value.startsWith('-') && value.includes('x')),
  );
}

export const DL3010: HadolintRule = {
  code: 'DL3010',
  severity: 'info',
  message: 'Use ADD to extract archives into an image instead of COPY and a RUN that unpacks them.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    // The archives plain COPYs bring into each stage, keyed by stage index; the instructions
    // before the first FROM count as a stage of their own (-1).
    const copiedIn = new Map<number, Array<{ name: string; range: Range }>>();
    for (const instruction of indexesOf(ctx).instructionsOf('COPY')) {
      if (instruction.flags.some((flag) => flag.name === 'from')) continue;
      const { sources, target } = copyArguments(instruction);
      const archives =
        target !== undefined && isArchive(target) ? [target] : sources.filter((source) => isArchive(source));
      if (archives.length === 0) continue;
      const key = ctx.stages.stageOf(instruction)?.index ?? -1;
      let copied = copiedIn.get(key);
      if (copied === undefined) copiedIn.set(key, (copied = []));
      const range = instruction.range;
      for (const archive of archives) copied.push({ name: basename(archive), range });
    }
    if (copiedIn.size === 0) return hits;
    // hadolint starts afresh at every FROM and reports what the last stage extracts.
    const lastStage = ctx.stages.stages.length - 1;
    // Sites come in document order, so stage by stage, as the archives are reported.
    const reportedIn = new Map<number, Set<number>>();
    for (const site of runSites(ctx)) {
      // An ONBUILD trigger runs in another build, and hadolint leaves it out here.
      if (site.instruction.keyword === 'ONBUILD') continue;
      const key = ctx.stages.stageOf(site.instruction)?.index ?? -1;
      if (key !== lastStage) continue;
      const copied = copiedIn.get(key);
      if (copied === undefined) continue;
      let reported = reportedIn.get(key);
      if (reported === undefined) reportedIn.set(key, (reported = new Set()));
      for (const command of site.script.commands) {
        if (!extracts(command)) continue;
        const names = operands(command).map((word) => basename(word.value));
        copied.forEach((archive, index) => {
          if (reported.has(index) || !names.includes(archive.name)) return;
          if (archive.range.start.line > site.instruction.range.start.line) return;
          reported.add(index);
          hits.push({
            range: archive.range,
            message: `\`${archive.name}\` is copied and then extracted: use ADD, which extracts it in one step.`,
          });
        });
      }
    }
    return hits;
  },
};

/** The port numbers an EXPOSE word names; variables and unparsable text give none. */
function portsOf(word: string): number[] {
  const spec = dropQuotes(word).replace(/\/[a-zA-Z]+$/, '');
  const range = /^([0-9]+)(?:-([0-9]+))?$/.exec(spec);
  if (range) return [Number(range[1]), ...(range[2] === undefined ? [] : [Number(range[2])])];
  // A range with one end in a variable still has a literal end to check.
  const half = /^([0-9]+)-\$|^\$.*-([0-9]+)$/.exec(spec);
  if (half) return [Number(half[1] ?? half[2])];
  return [];
}

export const DL3011: HadolintRule = {
  code: 'DL3011',
  severity: 'error',
  message: 'Valid UNIX ports range from 0 to 65535.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const instruction of ctx.doc.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      // One finding per EXPOSE, as hadolint gives, spanning its invalid ports.
      const bad = instruction.words.filter((word) => portsOf(word.text).some((port) => port > 65535));
      const first = bad[0];
      const last = bad[bad.length - 1];
      if (first === undefined || last === undefined) continue;
      const names = bad.map((word) => `\`${word.text}\``).join(', ');
      hits.push({
        range: { start: first.range.start, end: last.range.end },
        message: `${names} ${bad.length === 1 ? 'is not a valid port' : 'are not valid ports'}: ports range from 0 to 65535.`,
      });
    }
    return hits;
  },
};

function isUrl(path: string): boolean {
  const text = dropQuotes(path);
  return text.startsWith('http://') || text.startsWith('https://');
}

export const DL3020: HadolintRule = {
  code: 'DL3020',
  severity: 'error',
  message: 'Use COPY instead of ADD for files and folders.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const instruction of ctx.doc.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      const { sources } = copyArguments(instruction);
      if (sources.some((source) => !isArchive(source) && !isUrl(source))) {
        hits.push({ range: instruction.keywordRange });
      }
    }
    return hits;
  },
};

export const DL3021: HadolintRule = {
  code: 'DL3021',
  severity: 'error',
  message: 'COPY with more than two arguments needs a destination ending in `/`.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const instruction of ctx.doc.instructions) {
      if (instruction.keyword !== 'COPY') continue;
      const { sources, target } = copyArguments(instruction);
      if (sources.length > 1 && target !== undefined && !dropQuotes(target).endsWith('/')) {
        const last =
          instruction.json === undefined ? instruction.words[instruction.words.length - 1] : undefined;
        hits.push({ range: last?.range ?? instruction.range });
      }
    }
    return hits;
  },
};

export const DL3025: HadolintRule = {
  code: 'DL3025',
  severity: 'warning',
  message:
    'Use the JSON (exec) form for CMD and ENTRYPOINT, e.g. `CMD ["executable", "arg"]`, so signals reach the process.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const instruction of ctx.doc.instructions) {
      if (instruction.json !== undefined || instruction.argText === '') continue;
      const keyword = instruction.keyword;
      const shellForm =
        keyword === 'CMD' ||
        keyword === 'ENTRYPOINT' ||
        (keyword === 'HEALTHCHECK' && /^cmd\s/i.test(instruction.argText));
      if (shellForm) hits.push({ range: instruction.range });
    }
    return hits;
  },
};

export const instructionRules: readonly HadolintRule[] = [
  DL1001,
  DL3000,
  DL3010,
  DL3011,
  DL3020,
  DL3021,
  DL3025,
];
