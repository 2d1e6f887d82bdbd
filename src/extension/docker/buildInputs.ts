// What the Build command reads from a Dockerfile's text before asking: the stages it can stop at
// and the ARGs without a default; and the answers typed back. Free of VS Code, unit-tested.

/** A default image name from a folder name: lowercase, only the characters a repository allows. */
export function defaultTag(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[^a-z0-9]+$/, '');
  return `${name === '' ? 'image' : name}:latest`;
}

/** Names of `ARG`s declared without a default (`ARG NAME`, also several on one line). */
export function argsWithoutDefault(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*ARG\s+(.*)$/i.exec(line);
    if (match === null) {
      continue;
    }
    for (const word of match[1].split(/\s+/)) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word) && !names.includes(word)) {
        names.push(word);
      }
    }
  }
  return names;
}

/** `NAME=value NAME2=value2` → a map; undefined when a word is not `NAME=value`. */
export function parseBuildArgs(input: string): Record<string, string> | undefined {
  const args: Record<string, string> = {};
  for (const word of input.trim().split(/\s+/)) {
    if (word === '') {
      continue;
    }
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(word);
    if (match === null) {
      return undefined;
    }
    args[match[1]] = match[2];
  }
  return args;
}

/**
 * The stages a build can stop at: the `AS` names of `FROM` lines, in order, each once (BuildKit
 * compares them case-insensitively and stores them lowercase). Flags such as `--platform` are
 * skipped; a `FROM` split over continuation lines is joined first.
 */
export function stageNames(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const names: string[] = [];
  for (const line of joined.split(/\r?\n/)) {
    const match = /^\s*FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)\s*(?:#.*)?$/i.exec(line);
    const name = match?.[1]?.toLowerCase();
    if (name !== undefined && !names.includes(name)) {
      names.push(name);
    }
  }
  return names;
}

/** One choice of the stage question: '' for the whole Dockerfile. */
export interface StageChoice {
  readonly stage: string;
  /** The choice of this Dockerfile's last build, offered first. */
  readonly last: boolean;
}

/**
 * The stage question's choices: the whole Dockerfile, then each stage in file order, except that
 * the last build's choice comes first while it still exists.
 */
export function stageChoices(stages: readonly string[], last: string | undefined): StageChoice[] {
  const choices: StageChoice[] = ['', ...stages].map((stage) => ({ stage, last: false }));
  const index = last === undefined ? -1 : choices.findIndex((choice) => choice.stage === last);
  if (index < 0) return choices;
  const [previous] = choices.splice(index, 1);
  return previous === undefined ? choices : [{ ...previous, last: true }, ...choices];
}
