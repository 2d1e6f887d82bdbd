// Stage rules: the last USER is not root (DL3002), one HEALTHCHECK per stage (DL3012), COPY
// --from names an earlier stage (DL3022) and not its own (DL3023), stage names are unique (DL3024).
import type { Instruction } from '../../syntax/ast';
import type { HadolintHit, HadolintRule } from './rule';

function isRoot(user: string): boolean {
  const text = user.trim();
  return text === 'root' || text === '0' || text.startsWith('root:') || text.startsWith('0:');
}

export const DL3002: HadolintRule = {
  code: 'DL3002',
  severity: 'warning',
  message: 'The last USER should not be root: switch to an unprivileged user at the end of the stage.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const stage of ctx.stages.stages) {
      const users = stage.instructions.filter((instruction) => instruction.keyword === 'USER');
      const last = users[users.length - 1];
      if (last !== undefined && isRoot(last.argText)) hits.push({ range: last.range });
    }
    return hits;
  },
};

export const DL3012: HadolintRule = {
  code: 'DL3012',
  severity: 'error',
  message: 'Use only one HEALTHCHECK per stage: only the last one takes effect.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const stage of ctx.stages.stages) {
      const checks = stage.instructions.filter((instruction) => instruction.keyword === 'HEALTHCHECK');
      for (const extra of checks.slice(1)) hits.push({ range: extra.range });
    }
    return hits;
  },
};

/** The `--from` flags of the COPY instructions of each stage, with the stage's index. */
function copyFroms(ctx: Parameters<HadolintRule['check']>[0]): Array<{
  instruction: Instruction;
  value: string;
  stageIndex: number;
  range: Instruction['range'];
}> {
  const result = [];
  for (const instruction of ctx.doc.instructions) {
    if (instruction.keyword !== 'COPY') continue;
    const stageIndex = ctx.stages.stageOf(instruction)?.index ?? -1;
    for (const flag of instruction.flags) {
      if (flag.name === 'from' && flag.value !== undefined && flag.value !== '') {
        result.push({ instruction, value: flag.value, stageIndex, range: flag.range });
      }
    }
  }
  return result;
}

export const DL3022: HadolintRule = {
  code: 'DL3022',
  severity: 'warning',
  message: 'COPY --from should reference a previously defined FROM alias.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const copy of copyFroms(ctx)) {
      const value = copy.value;
      // Image references (`name:tag`, `registry/name`, digests) and variables are not stage names.
      if (/[:/@$]/.test(value)) continue;
      if (/^[0-9]+$/.test(value)) {
        if (Number(value) < copy.stageIndex) continue;
      } else if (ctx.stages.stageNamed(value, copy.stageIndex + 1) !== undefined) {
        continue;
      }
      hits.push({
        range: copy.range,
        message: `COPY --from=${value} does not name an earlier stage; define \`FROM … AS ${value}\` before it.`,
      });
    }
    return hits;
  },
};

export const DL3023: HadolintRule = {
  code: 'DL3023',
  severity: 'error',
  message: 'COPY --from cannot reference its own FROM alias.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const copy of copyFroms(ctx)) {
      const stage = ctx.stages.stages[copy.stageIndex];
      if (stage?.name !== undefined && stage.name.toLowerCase() === copy.value.toLowerCase()) {
        hits.push({ range: copy.range });
      }
    }
    return hits;
  },
};

export const DL3024: HadolintRule = {
  code: 'DL3024',
  severity: 'error',
  message: 'FROM aliases (stage names) must be unique.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    const seen = new Set<string>();
    for (const stage of ctx.stages.stages) {
      if (stage.name === undefined) continue;
      // hadolint compares names as written: `AS build` and `AS Build` are distinct to it, and
      // BuildKit only warns (DuplicateStageName) about them.
      const name = stage.name;
      if (seen.has(name)) {
        hits.push({
          range: stage.nameRange ?? stage.from.range,
          message: `The stage name \`${stage.name}\` is already used by an earlier stage.`,
        });
      }
      seen.add(name);
    }
    return hits;
  },
};

export const stageRules: readonly HadolintRule[] = [DL3002, DL3012, DL3022, DL3023, DL3024];
