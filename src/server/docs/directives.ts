// Hover text for the parser directives: `# syntax=`, `# escape=` and `# check=`.
import { dockerfileBlock, referenceLink } from './reference';

export interface DirectiveDoc {
  readonly name: string;
  readonly syntax: string;
  readonly summary: string;
  readonly detail: string;
  readonly example: string;
  readonly anchor: string;
}

export const DIRECTIVE_DOCS: readonly DirectiveDoc[] = [
  {
    name: 'syntax',
    syntax: '# syntax=<frontend image>',
    summary: 'Chooses the frontend image that turns this Dockerfile into a build.',
    detail:
      'BuildKit pulls the image and lets it parse the file, so new Dockerfile features work without upgrading the daemon. ' +
      '`docker/dockerfile:1` follows the latest stable 1.x release; add `-labs` for features still being tried out, or pin an exact version.',
    example: '# syntax=docker/dockerfile:1',
    anchor: 'syntax',
  },
  {
    name: 'escape',
    syntax: '# escape=<\\ or `>',
    summary:
      'Sets the character that escapes characters and continues lines: a backslash (default) or a backtick.',
    detail:
      'A backtick suits Windows images, where backslashes separate path components. It applies to the whole file, ' +
      'but not to RUN commands, which the shell reads.',
    example: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\',
    anchor: 'escape',
  },
  {
    name: 'check',
    syntax: '# check=skip=<checks|all>;error=<bool>;experimental=<checks|all>',
    summary: 'Configures the build checks for this file.',
    detail:
      'Options are separated by `;`. `skip` lists checks (comma-separated) not to run, `error=true` turns any check warning into a failed build, ' +
      'and `experimental` enables checks that are not on by default. `docker build --check` runs only the checks.',
    example: '# check=skip=JSONArgsRecommended,StageNameCasing;error=true',
    anchor: 'check',
  },
];

const BY_NAME: ReadonlyMap<string, DirectiveDoc> = new Map(DIRECTIVE_DOCS.map((doc) => [doc.name, doc]));

/** The documentation of a parser directive (any case). */
export function directiveDoc(name: string): DirectiveDoc | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Hover text of a parser directive; undefined for unknown names. */
export function directiveMarkdown(name: string): string | undefined {
  const doc = directiveDoc(name);
  if (doc === undefined) return undefined;
  return [
    `**\`${doc.syntax}\`** · parser directive`,
    doc.summary,
    doc.detail,
    'Directives must come before anything else in the file, comments and blank lines included.',
    dockerfileBlock(doc.example),
    referenceLink(doc.anchor),
  ].join('\n\n');
}

/** Hover text of one `# check=` option key. */
export function checkOptionMarkdown(key: string): string | undefined {
  const texts: Record<string, string> = {
    skip: 'Checks not to run, comma-separated, or `all`.',
    error: 'With `true`, a build whose checks report anything fails.',
    experimental: 'Experimental checks to run, comma-separated, or `all`.',
  };
  const text = texts[key.toLowerCase()];
  return text === undefined
    ? undefined
    : `**\`${key.toLowerCase()}\`** · check option\n\n${text}\n\n${referenceLink('check')}`;
}
