import * as assert from 'node:assert/strict';
import { buildkitChecks } from '../../../src/server/rules/buildkit/index';
import { syntaxFindings } from '../../../src/server/rules/syntax/index';
import { exposeProblem } from '../../../src/server/rules/syntax/ports';
import { parseDockerfile } from '../../../src/server/syntax/parser';

/** `code message` of every syntax finding. */
function errors(text: string): string[] {
  return syntaxFindings(parseDockerfile(text)).map((finding) => `${finding.code} ${finding.message}`);
}

/** `Rule@line detail` of every build check warning (1-based lines). */
function checks(text: string): string[] {
  return buildkitChecks(parseDockerfile(text)).warnings.map(
    (w) => `${w.rule.name}@${w.range.start.line + 1} ${w.detail}`,
  );
}

describe('BuildKit fidelity', () => {
  describe('files that build stay free of errors', () => {
    const building: Record<string, string> = {
      'cache mount with every file option':
        'FROM a\nRUN --mount=type=cache,target=/c,sharing=locked,id=x,uid=1000,gid=1000,mode=0755 true\n',
      'secret mount with mode, owner and a bare required':
        'FROM a\nRUN --mount=type=secret,id=s,mode=0400,uid=0,gid=0,required true\n',
      'ssh mount with required=true': 'FROM a\nRUN --mount=type=ssh,required=true,mode=0600 true\n',
      'bind mount from a stage, read-only':
        'FROM a\nRUN --mount=type=bind,from=b,source=/x,target=/y,ro true\n',
      'bind mount rw and readonly=false':
        'FROM a\nRUN --mount=type=bind,rw,target=/y --mount=readonly=false,target=/z true\n',
      'tmpfs size forms':
        'FROM a\nRUN --mount=type=tmpfs,target=/t,size=64m --mount=type=tmpfs,target=/u,size=1.5g --mount=type=tmpfs,target=/v,size=100 true\n',
      'secret as an env with an id': 'FROM a\nRUN --mount=type=secret,id=aws,env=AWS_KEY true\n',
      'mount keys and values in any case': 'FROM a\nRUN --mount=TYPE=CACHE,Target=/x,Sharing=Private true\n',
      'quoted mount value': 'FROM a\nRUN --mount="type=cache,target=/x y" true\n',
      'mount options over continued lines':
        'FROM a\nRUN \\\n  --mount=type=cache,target=/x \\\n  --mount=type=bind,source=a,target=/y \\\n  true\n',
      'every network mode and both security modes':
        'FROM a\nRUN --network=default true\nRUN --network=none true\nRUN --network=host true\nRUN --security=insecure true\nRUN --security=sandbox true\n',
      'COPY --exclude repeated, --parents, --link=false':
        'FROM a\nCOPY --exclude=*.md --exclude=*.txt --parents --link=false . /app\n',
      'ADD --checksum on an HTTPS source':
        'FROM a\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tgz /x\n',
      'ADD --keep-git-dir and --unpack':
        'FROM a\nADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.10.1 /b\nADD --unpack=true a.tar /x\n',
      'lower-case instructions': 'from a\nrun echo hi\ncopy . /x\n',
      'empty ENV values and ARG without value': 'FROM a\nENV A=\nENV B=""\nARG FOO\nARG BAR BAZ=1\n',
      'FROM --platform=$BUILDPLATFORM': 'FROM --platform=$BUILDPLATFORM a AS build\nRUN echo\n',
      'symbolic and octal --chmod, --chown':
        'FROM a\nCOPY --chmod=u=rwx,go=rx a /b\nCOPY --chmod=0755 a /b\nCOPY --chown=1000:1000 a /b\n',
      'all HEALTHCHECK durations':
        'FROM a\nHEALTHCHECK --interval=30s --timeout=1m30s --start-period=5s --start-interval=1s --retries=3 CMD true\n',
      'HEALTHCHECK NONE ignores flags': 'FROM a\nHEALTHCHECK --foo=1 NONE\n',
      'empty HEALTHCHECK values mean the defaults': 'FROM a\nHEALTHCHECK --interval= --retries= CMD true\n',
      'flags end at --': 'FROM a\nRUN --network=host -- echo\n',
      'EXPOSE ports, ranges and protocols':
        'FROM a\nEXPOSE 80/tcp 443 8080-8090/udp 53/UDP 0 +81 5000-5000\n',
      'EXPOSE with host ports and addresses':
        'FROM a\nEXPOSE 8000-8010:80-90 1.2.3.4:80:80 [::1]:8080:8080 ::1:53:53/udp 9000-9100:9000\n',
    };
    for (const [title, text] of Object.entries(building)) {
      it(title, () => assert.deepEqual(errors(text), []));
    }
  });

  describe('EXPOSE as BuildKit parses it', () => {
    it('rejects what BuildKit rejects, with its message', () => {
      assert.equal(exposeProblem('80/tcp/udp'), 'invalid port: "80/tcp/udp": invalid proto: tcp/udp');
      assert.equal(exposeProblem('80/ICMP'), 'invalid port: "80/ICMP": invalid proto: ICMP');
      assert.equal(exposeProblem('/tcp'), 'invalid port: "/tcp": no port specified');
      assert.equal(exposeProblem('80:'), 'invalid port: "80:": no port specified');
      assert.equal(exposeProblem('foo:80:80'), 'invalid IP address: foo');
      assert.equal(
        exposeProblem('[::1:80:80'),
        "invalid IP address [::1: address [::1:: missing ']' in address",
      );
      assert.equal(
        exposeProblem('[::1]x:80:80'),
        'invalid IP address [::1]x: address [::1]x:: missing port in address',
      );
      assert.equal(exposeProblem('[fe80::1%eth0]:80:80'), 'invalid IP address: fe80::1%eth0');
      assert.equal(exposeProblem('70000'), 'invalid containerPort: 70000');
      assert.equal(exposeProblem('90-80'), 'invalid containerPort: 90-80');
      assert.equal(exposeProblem('80-'), 'invalid containerPort: 80-');
      assert.equal(exposeProblem('http'), 'invalid containerPort: http');
      assert.equal(exposeProblem('x:80'), 'invalid hostPort: x');
      assert.equal(
        exposeProblem('8000-8001:80-90'),
        'invalid ranges specified for container and host Ports: 80-90 and 8000-8001',
      );
    });

    it('reports on the offending word', () => {
      const found = syntaxFindings(parseDockerfile('FROM a\nEXPOSE 80 /tcp\n'));
      assert.equal(found.length, 1);
      assert.deepEqual(found[0]?.range, {
        start: { line: 1, character: 10 },
        end: { line: 1, character: 14 },
      });
    });

    it('leaves words with variables or quotes to the build', () => {
      assert.deepEqual(errors('FROM a\nEXPOSE $P "80/tcp" ${Q}/udp\n'), []);
    });
  });

  describe('RUN --mount', () => {
    it('wants an id, source or target on a secret even with env', () => {
      assert.deepEqual(errors('FROM a\nRUN --mount=type=secret,env=TOKEN true\n'), [
        'DW024 invalid secret mount. one of source, target required',
      ]);
    });

    it('gives the CSV reader error for an empty value', () => {
      assert.deepEqual(errors('FROM a\nRUN --mount= true\n'), ['DW024 failed to parse csv mounts: EOF']);
    });
  });

  describe('COPY and ADD sources and flag values', () => {
    it('refuses URLs and Git repositories in COPY, as ADD takes them', () => {
      assert.deepEqual(errors('FROM a\nCOPY https://example.com/a.tgz /x\n'), [
        "DW011 source can't be a URL for COPY",
      ]);
      assert.deepEqual(errors('FROM a\nCOPY local https://github.com/o/r.git#main /x/\n'), [
        "DW011 source can't be a git ref for COPY",
      ]);
      assert.deepEqual(errors('FROM a\nCOPY git@github.com:o/r.git /x\n'), [
        "DW011 source can't be a git ref for COPY",
      ]);
      const found = syntaxFindings(parseDockerfile('FROM a\nCOPY a http://h/f /x/\n'));
      assert.deepEqual(found[0]?.range, {
        start: { line: 1, character: 7 },
        end: { line: 1, character: 17 },
      });
    });

    it('leaves context paths, variables and ADD alone', () => {
      const text = [
        'FROM a',
        'COPY github.com/o/r ./http:/x $URL /x/',
        'COPY --from=b https-proxy.conf /x',
        'ADD https://example.com/a.tgz git@github.com:o/r.git https://github.com/o/r.git /x/',
        '',
      ].join('\n');
      assert.deepEqual(errors(text), []);
    });

    it('checks an HTTP checksum as a digest', () => {
      const ok = `sha256:${'0a'.repeat(32)}`;
      const url = 'https://example.com/a.tgz';
      assert.deepEqual(errors(`FROM a\nADD --checksum=${ok} ${url} /x\n`), []);
      assert.deepEqual(errors(`FROM a\nADD --checksum=sha512:${'f'.repeat(128)} ${url} /x\n`), []);
      assert.deepEqual(errors(`FROM a\nADD --checksum=sha256:abc ${url} /x\n`), [
        'DW023 invalid checksum digest length',
      ]);
      assert.deepEqual(errors(`FROM a\nADD --checksum=${ok.toUpperCase()} ${url} /x\n`), [
        'DW023 invalid checksum digest format',
      ]);
      assert.deepEqual(errors(`FROM a\nADD --checksum=sha256:${'0A'.repeat(32)} ${url} /x\n`), [
        'DW023 invalid checksum digest format',
      ]);
      assert.deepEqual(errors(`FROM a\nADD --checksum=md5:abc ${url} /x\n`), [
        'DW023 unsupported digest algorithm',
      ]);
      assert.deepEqual(errors(`FROM a\nADD --checksum=${'0a'.repeat(32)} ${url} /x\n`), [
        'DW023 invalid checksum digest format',
      ]);
      // A Git source takes a commit, and a variable is known only to the build.
      assert.deepEqual(errors('FROM a\nADD --checksum=abc123 https://github.com/o/r.git /x\n'), []);
      assert.deepEqual(errors(`FROM a\nADD --checksum=$SUM ${url} /x\n`), []);
    });

    it('reads a --chmod that starts with a digit as a number', () => {
      const message = (mode: string): string =>
        `DW023 invalid chmod parameter: '${mode}'. it should be octal string and between 0 and 07777`;
      assert.deepEqual(errors('FROM a\nCOPY --chmod=64a a /b\n'), [message('64a')]);
      assert.deepEqual(errors('FROM a\nADD --chmod=7+x a /b\n'), [message('7+x')]);
      assert.deepEqual(errors('FROM a\nCOPY --chmod=u+x,g-w a /b\nCOPY --chmod=${M}7 a /b\n'), []);
    });
  });

  describe('values BuildKit checks before expanding anything', () => {
    it('refuses variables in RUN --network and --security', () => {
      assert.deepEqual(errors('FROM a\nRUN --network=$NET --security=${SEC} true\n'), [
        'DW023 invalid network mode "$NET"',
        'DW023 security "${SEC}" is not valid',
      ]);
    });
  });

  describe('RUN --mount fields are expanded one by one', () => {
    it('never expands a bare field, so a whole mount in a variable is refused', () => {
      assert.deepEqual(errors('FROM a\nRUN --mount=$MOUNT true\n'), [
        "DW024 invalid field '$MOUNT' must be a key=value pair",
      ]);
      assert.deepEqual(errors('FROM a\nRUN --mount=type=cache,target=/c,$RO true\n'), [
        "DW024 invalid field '$RO' must be a key=value pair",
      ]);
    });
  });

  describe('UndefinedVar where BuildKit expands without reporting', () => {
    it('says nothing about EXPOSE, which BuildKit splits into words unchecked', () => {
      assert.deepEqual(checks('FROM scratch\nEXPOSE $PORT\n'), []);
      assert.deepEqual(checks('FROM scratch\nVOLUME $DIR\n'), [
        "UndefinedVar@2 Usage of undefined variable '$DIR'",
      ]);
    });
  });

  describe('UndefinedVar in RUN --mount values', () => {
    it('reports names the stage does not define, as BuildKit expands each field', () => {
      assert.deepEqual(checks('FROM scratch\nRUN --mount=type=secret,id=$ID,target=/run/$T true\n'), [
        "UndefinedVar@2 Usage of undefined variable '$ID'",
        "UndefinedVar@2 Usage of undefined variable '$T'",
      ]);
    });

    it('stays quiet for declared names, bare fields, from and open base images', () => {
      const text =
        'FROM scratch\nARG CACHE=/c\nRUN --mount=type=cache,target=$CACHE --mount=from=$X,target=/m true\n';
      assert.deepEqual(checks(text), []);
      assert.deepEqual(checks('FROM alpine\nRUN --mount=type=cache,target=$CACHE true\n'), []);
    });
  });

  describe('build checks on instructions that fail to parse', () => {
    it('judge no path on an empty WORKDIR', () => {
      assert.deepEqual(checks('FROM scratch\nWORKDIR\n'), []);
      assert.deepEqual(checks('FROM scratch\nWORKDIR $NOPE\n'), [
        'WorkdirRelativePath@2 Relative workdir "" can have unexpected results if the base image changes',
        "UndefinedVar@2 Usage of undefined variable '$NOPE'",
      ]);
    });
  });

  describe('stage references', () => {
    it('rejects a stage index that does not exist', () => {
      assert.deepEqual(errors('FROM a\nCOPY --from=1 /x /y\n'), ['DW016 invalid stage index 1']);
      assert.deepEqual(errors('FROM a\nFROM b\nRUN --mount=type=bind,from=-1,target=/m true\n'), [
        'DW016 invalid stage index -1',
      ]);
      const found = syntaxFindings(parseDockerfile('FROM a\nCOPY --from=7 /x /y\n'));
      assert.deepEqual(found[0]?.range, {
        start: { line: 1, character: 12 },
        end: { line: 1, character: 13 },
      });
    });

    it('rejects stages that depend on themselves or on each other', () => {
      assert.deepEqual(errors('FROM a AS one\nCOPY --from=one /x /y\n'), [
        'DW016 circular dependency detected on stage: one',
      ]);
      assert.deepEqual(errors('FROM a\nCOPY --from=0 /x /y\n'), [
        'DW016 circular dependency detected on stage: stage-0',
      ]);
      const text =
        'FROM a AS one\nCOPY --from=Two /x /y\nFROM b AS two\nRUN --mount=from=one,target=/m true\n';
      assert.deepEqual(errors(text), ['DW016 circular dependency detected on stage: one']);
    });

    it('accepts earlier and later stages, images and variables', () => {
      const text = [
        'ARG SRC=tools',
        'FROM a AS one',
        'COPY --from=two /x /y',
        'COPY --from=${SRC} /x /y',
        'FROM b AS two',
        'COPY --from=busybox:latest /bin/sh /sh',
        'FROM two',
        'COPY --from=1 /x /y',
        'COPY --from=0 /x /y',
        'RUN --mount=type=cache,target=/c,from=one true',
        '',
      ].join('\n');
      assert.deepEqual(errors(text), []);
    });
  });

  describe('FROM values BuildKit expands before building', () => {
    it('rejects a platform that expands to nothing or to no platform, with did-you-mean', () => {
      assert.deepEqual(errors('FROM --platform=$BULIDPLATFORM scratch\n'), [
        'DW017 empty platform value from expression $BULIDPLATFORM (did you mean BUILDPLATFORM?)',
      ]);
      assert.deepEqual(errors('ARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n'), [
        'DW017 failed to parse platform linux/${MYARCH}: "" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument (did you mean MY_ARCH?)',
      ]);
      assert.deepEqual(errors('FROM --platform=linux/amd64/v2/x a\nFROM --platform=plan10 b\n'), [
        'DW017 failed to parse platform linux/amd64/v2/x: "linux/amd64/v2/x": cannot parse platform specifier: invalid argument',
        'DW017 failed to parse platform plan10: "plan10": unknown operating system or architecture: invalid argument',
      ]);
    });

    it('rejects a base image name that expands to nothing', () => {
      assert.deepEqual(errors('FROM $IMAGE\n'), ['DW017 base name ($IMAGE) should not be blank']);
      assert.deepEqual(errors('FROM ${IMAGE:-alpine}\n'), []);
    });

    it('leaves what a build argument could set, and every real platform, alone', () => {
      const text = [
        'ARG IMAGE',
        'ARG PLATFORM',
        'ARG EMPTY=',
        'FROM --platform=$PLATFORM $IMAGE',
        'FROM --platform=${EMPTY} ${EMPTY}alpine',
        'FROM --platform=$BUILDPLATFORM a',
        'FROM --platform=linux/arm/v7 a',
        'FROM --platform=riscv64 a',
        'FROM --platform=windows(10.0.17763)/amd64 a',
        'FROM --platform=darwin a',
        '',
      ].join('\n');
      assert.deepEqual(errors(text), []);
    });
  });

  describe('flags BuildKit never reads', () => {
    it('ignores flags on ARG, as on STOPSIGNAL', () => {
      assert.deepEqual(
        errors('FROM a\nARG --required NAME\nARG --x=1 OTHER=2\nSTOPSIGNAL --x SIGTERM\n'),
        [],
      );
      assert.deepEqual(errors('FROM a\nARG --x\n'), ['DW010 ARG requires at least one argument']);
    });
  });

  describe('STOPSIGNAL', () => {
    it('takes signal names in any case, with or without SIG, and non-zero numbers', () => {
      const text =
        'FROM a\nSTOPSIGNAL SIGTERM\nSTOPSIGNAL quit\nSTOPSIGNAL SIGRTMIN+3\nSTOPSIGNAL 9\nSTOPSIGNAL $SIG\n';
      assert.deepEqual(errors(text), []);
    });

    it('rejects anything else as BuildKit does', () => {
      assert.deepEqual(errors('FROM a\nSTOPSIGNAL SIGFOO\n'), ['DW011 invalid signal: SIGFOO']);
      assert.deepEqual(errors('FROM a\nSTOPSIGNAL 0\n'), ['DW011 invalid signal: 0']);
      assert.deepEqual(errors('FROM a\nSTOPSIGNAL SIGRTMIN+16\n'), ['DW011 invalid signal: SIGRTMIN+16']);
    });
  });

  describe('the check directive', () => {
    it('fails the build when it cannot be read', () => {
      assert.deepEqual(errors('# check=foo\nFROM a\n'), [
        'DW002 failed to parse check options: invalid check option "foo"',
      ]);
      assert.deepEqual(errors('# check=skip=all;error=maybe\nFROM a\n'), [
        'DW002 failed to parse check options: failed to parse check option "error=maybe": strconv.ParseBool: parsing "maybe": invalid syntax',
      ]);
      assert.deepEqual(errors('# check=skip=JSONArgsRecommended;error=true\nFROM a\n'), []);
    });
  });

  describe('an instruction the parser cannot read gets one error', () => {
    it('SHELL with a non-string array', () => {
      assert.deepEqual(errors('FROM a\nSHELL ["bash", 1]\n'), [
        'DW005 when using JSON array syntax, arrays must be comprised of strings only',
      ]);
    });

    it('ENV with a name and no value', () => {
      assert.deepEqual(errors('FROM a\nENV --x=1 A\n'), ['DW004 ENV must have two arguments']);
    });

    it('an ONBUILD trigger with a non-string array', () => {
      const found = errors('FROM a\nONBUILD SHELL ["sh", 2]\n');
      assert.deepEqual(found, [
        'DW005 when using JSON array syntax, arrays must be comprised of strings only',
      ]);
    });
  });

  describe('build checks on valid files', () => {
    it('stay quiet on common multi-stage patterns', () => {
      const text = [
        'ARG TAG=latest',
        'FROM --platform=$BUILDPLATFORM golang:${TAG} AS build',
        'ARG TARGETOS TARGETARCH',
        'WORKDIR /src',
        'RUN --mount=type=cache,target=/root/.cache GOOS=$TARGETOS GOARCH=$TARGETARCH go build',
        'FROM scratch',
        'COPY --from=build /src/app /app',
        'ENTRYPOINT ["/app"]',
        '',
      ].join('\n');
      assert.deepEqual(checks(text), []);
    });
  });
});
