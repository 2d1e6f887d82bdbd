// Shapes met in real Dockerfiles that build: the whole engine (syntax, BuildKit checks, hadolint)
// must give none of them an error. Each text is the smallest form of what a real file did.
import * as assert from 'node:assert/strict';
import { diagnose } from '../../../src/server/rules/diagnose';
import { parseDockerfile } from '../../../src/server/syntax/parser';

/** `code line` of every error-severity finding, lines counted from 1. */
function errorsOf(text: string): string[] {
  const failures: string[] = [];
  const { findings } = diagnose(parseDockerfile(text), {}, failures);
  assert.deepEqual(failures, [], 'no rule may fail');
  return findings
    .filter((finding) => finding.severity === 'error')
    .map((finding) => `${finding.code} ${finding.range.start.line + 1}`);
}

/** `code line` of every finding, whatever its severity. */
function codesOf(text: string): string[] {
  return diagnose(parseDockerfile(text)).findings.map(
    (finding) => `${finding.code} ${finding.range.start.line + 1}`,
  );
}

/** Forms read from public Dockerfiles, checked against BuildKit's parser and dispatcher. */
const BUILDS: Readonly<Record<string, string>> = {
  'a bare RUN line whose flags follow on the next line':
    'FROM alpine:3.20 AS build\nFROM alpine:3.20\nRUN \\\n    --mount=type=bind,from=build,source=/,target=/b \\\n    ls /b\n',
  'mounts of every type with aliases, bare switches and expanded values':
    'FROM alpine:3.20\nARG TARGETPLATFORM\nRUN --mount=type=cache,id=${TARGETPLATFORM}-/var/cache,target=/var/cache,sharing=locked \\\n' +
    '    --mount=type=tmpfs,dst=/tmp,size=64m \\\n    --mount=type=secret,id=token,uid=1000,required=false,env=TOKEN \\\n' +
    '    --mount=type=ssh,required \\\n    --mount=target=.,rw \\\n    true\n',
  'a mount whose last value ends the tmpfs list before the command':
    'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.npm \\\n    --mount=type=tmpfs,target=/tmp true \\\n&&  echo done\n',
  'heredocs: quoted, chomped, several, with a command after them':
    'FROM alpine:3.20\nRUN <<"EOT" bash\ncat > /x << "EOF"\nhi\nEOF\nEOT\nRUN <<-EOF\n\techo tabbed\n\tEOF\n' +
    'COPY <<A <<B /dest/\na\nA\nb\nB\nRUN --mount=type=cache,target=/c <<EOT\n  set -e\nEOT\n',
  'a heredoc-like word inside quotes or after an escape, and shift arithmetic':
    'FROM alpine:3.20\nRUN echo "<<EOF" \\<<EOF $((1<<2)) a<<b\nUSER nobody\n',
  'Windows paths with the backtick escape and a continuation over a blank line':
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\n' +
    'COPY nuget.config C:\\nuget\\\nWORKDIR C:\\build\nRUN Install-WindowsFeature Web-ASP; `\n\nEXPOSE 80\n' +
    'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]\n',
  'Windows paths with the default escape, backslashes mid-line and at a line end':
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN Start-Process -FilePath '.\\julia.exe' \\\n" +
    "\t-ArgumentList @( '/DIR=C:\\julia' ); \\\n\t$env:PATH = 'C:\\julia\\bin;' + $env:PATH\nRUN choco install -y \\ git \\ make\n",
  'flags from the current stable frontend without a syntax directive':
    'FROM alpine:3.20\nCOPY --parents --chmod=u+x --link src/*/package.json /app/\nCOPY --exclude=*.md . /app/\n' +
    'ADD --unpack=true --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://e.x/a.tgz /opt/\n' +
    'ADD --keep-git-dir https://github.com/moby/buildkit.git?branch=master /src\nRUN --network=none --security=insecure true\n' +
    'HEALTHCHECK --start-interval=1s --start-period=10s CMD ["true"]\n',
  'older pinned and channel frontends that name no plain version':
    '# syntax = docker/dockerfile:1.0-experimental\nFROM alpine:3.20\nRUN --mount=type=secret,id=a cat /run/secrets/a\n',
  // The labs channel had these a release before the stable one (Dockerfile release notes).
  'ADD --checksum under the 1.5 labs frontend':
    '# syntax=docker/dockerfile:1.5-labs\nFROM alpine:3.20\n' +
    'ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://e.x/a /a\n',
  'RUN --network under the 1.2 labs frontend':
    '# syntax=docker/dockerfile:1.2.1-labs\nFROM alpine:3.20\nRUN --network=none true\n',
  'ONBUILD triggers with flags and exec form':
    'FROM node:22\nONBUILD COPY --from=builder /a /b\nONBUILD RUN --mount=type=cache,target=/x true\nONBUILD RUN [ "npm", "install" ]\n',
  'instructions written in lower and mixed case':
    'from alpine:3.20 as base\nrun echo hi\nAdd --keep-git-dir=true https://github.com/a/b.git#main /src\n' +
    'healthcheck --interval=5s cmd true\nstopsignal SIGRTMIN+3\n',
};

describe('real-world Dockerfiles that build', () => {
  for (const [title, text] of Object.entries(BUILDS)) {
    it(`no error: ${title}`, () => {
      assert.deepEqual(errorsOf(text), []);
    });
  }

  it('the stable channel of those versions still lacks the flags', () => {
    assert.deepEqual(
      errorsOf(
        '# syntax=docker/dockerfile:1.5\nFROM alpine:3.20\nADD --checksum=sha256:0 https://e.x/a /a\n' +
          'RUN --network=none true\n',
      ),
      ['DW025 3'],
    );
    assert.deepEqual(
      errorsOf('# syntax=docker/dockerfile:1.2\nFROM alpine:3.20\nRUN --network=none true\n'),
      ['DW025 3'],
    );
  });

  it('a stage named with a reserved word is hadolint DL3063 at its warning severity', () => {
    const text = 'FROM alpine:3.20 AS context\nRUN true\nFROM alpine:3.20\nCOPY --from=context /a /b\n';
    assert.deepEqual(errorsOf(text), []);
    const reserved = diagnose(parseDockerfile(text)).findings.find((finding) => finding.code === 'DL3063');
    assert.equal(reserved?.severity, 'warning');
  });

  it('stage names that differ only in case are not a hadolint DL3024 error', () => {
    const text = 'FROM alpine:3.20 AS base\nRUN true\nFROM alpine:3.20 AS Base\nRUN true\n';
    assert.deepEqual(errorsOf(text), []);
    // BuildKit compares them lower-cased and warns; the exact repeat stays hadolint's error.
    assert.ok(codesOf(text).includes('DuplicateStageName 3'));
    assert.deepEqual(errorsOf('FROM alpine:3.20 AS base\nFROM alpine:3.20 AS base\n'), ['DL3024 2']);
  });
});
