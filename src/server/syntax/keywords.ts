// The instructions the Dockerfile frontend knows, in one list for the rules, tokens and fixes.

/** Every instruction keyword BuildKit's Dockerfile frontend accepts (upper case). */
export const KEYWORDS = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

const KNOWN: ReadonlySet<string> = new Set(KEYWORDS);

/** True for an upper-case instruction keyword BuildKit knows. */
export function isKeyword(keyword: string): boolean {
  return KNOWN.has(keyword);
}
