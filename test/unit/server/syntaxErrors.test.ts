import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Range } from '../../../src/server/syntax/ast';
import { parseDockerfile } from '../../../src/server/syntax/parser';
import { codes, syntaxFindings } from '../../../src/server/rules/syntax/index';
import type { Finding } from '../../../src/server/rules/finding';
import { closest, editDistance } from '../../../src/server/rules/suggest';

function findingsOf(text: string): Finding[] {
  return syntaxFindings(parseDockerfile(text));
}

/** `code message` of every finding. */
function errors(text: string): string[] {
  return findingsOf(text).map((finding) => `${finding.code} ${finding.message}`);
}

/** The one finding of a text that should have exactly one. */
function only(text: string): Finding {
  const found = findingsOf(text);
  assert.equal(
    found.length,
    1,
    `expected one finding for ${JSON.stringify(text)}, got ${JSON.stringify(found)}`,
  );
  const [first] = found;
  assert.ok(first);
  return first;
}

const r = (sl: number, sc: number, el: number, ec: number): Range => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

describe('syntax errors (docker build rejects)', () => {
  describe('instructions', () => {
    it('reports unknown instructions with BuildKit did-you-mean and the keyword range', () => {
      const finding = only('FROM a\n  FORM b\n');
      assert.equal(finding.message, 'unknown instruction: FORM (did you mean FROM?)');
      assert.equal(finding.code, 'DW001');
      assert.equal(finding.severity, 'error');
      assert.equal(finding.ruleSet, 'syntax');
      assert.deepEqual(finding.range, r(1, 2, 1, 6));
      assert.deepEqual(errors('FROM a\nrunn x\n'), ['DW001 unknown instruction: runn (did you mean run?)']);
      assert.deepEqual(errors('FROM a\nBADCMD x\n'), ['DW001 unknown instruction: BADCMD']);
      assert.deepEqual(errors('from a\nrun x\ncopy a b\n'), []);
    });

    it('does not add stage errors after an unknown instruction', () => {
      assert.deepEqual(errors('FORM a\n'), ['DW001 unknown instruction: FORM (did you mean FROM?)']);
    });

    it('rejects instructions before the first FROM and files without FROM', () => {
      assert.deepEqual(errors('RUN x\nFROM a\n'), ['DW015 no build stage in current context']);
      assert.deepEqual(errors('ARG V=1\n'), ['DW015 dockerfile contains no stages to build']);
      assert.deepEqual(errors('ARG V=1\nFROM a:$V\n'), []);
    });

    it('converts the parser problems', () => {
      const found = findingsOf('# escape=x\nFROM a\n');
      assert.equal(found[0]?.code, 'DW002');
      assert.equal(found[0]?.href, 'https://docs.docker.com/reference/dockerfile/#parser-directives');
      assert.deepEqual(errors(''), ['DW003 file with no instructions']);
      assert.deepEqual(errors('FROM a\nRUN <<EOF\necho\n'), ['DW006 unterminated heredoc']);
    });

    it('documents every code it can emit', () => {
      for (const code of ['DW001', 'DW010', 'DW011', 'DW012', 'DW013', 'DW014', 'DW015'])
        assert.ok(codes[code]);
      for (const code of ['DW020', 'DW021', 'DW022', 'DW023', 'DW024', 'DW025', 'DW026'])
        assert.ok(codes[code]);
    });
  });

  describe('argument counts and forms', () => {
    it('FROM needs one or three arguments and a valid stage name', () => {
      assert.deepEqual(errors('FROM\n'), ['DW010 FROM requires either one or three arguments']);
      assert.deepEqual(errors('FROM a b\n'), ['DW010 FROM requires either one or three arguments']);
      assert.deepEqual(errors('FROM a AS\n'), ['DW010 FROM requires either one or three arguments']);
      assert.deepEqual(errors('FROM a IS b\n'), ['DW010 FROM requires either one or three arguments']);
      assert.deepEqual(errors('FROM a as b c\n'), ['DW010 FROM requires either one or three arguments']);
      const name = only('FROM a AS 1st\n');
      assert.equal(name.code, 'DW012');
      assert.equal(
        name.message,
        'invalid name for build stage: "1st", name can\'t start with a number or contain symbols',
      );
      assert.deepEqual(name.range, r(0, 10, 0, 13));
      assert.equal(only('FROM a AS b$c\n').code, 'DW012');
      assert.equal(only('FROM a AS my_stage!\n').code, 'DW012');
      assert.deepEqual(errors('FROM a AS Build-1.x_y\nFROM b as c\n'), []);
    });

    it('COPY and ADD need a destination that is not a heredoc', () => {
      assert.deepEqual(errors('FROM a\nCOPY a\n'), [
        'DW010 COPY requires at least two arguments, but only one was provided. Destination could not be determined',
      ]);
      assert.deepEqual(errors('FROM a\nADD ["a"]\n'), [
        'DW010 ADD requires at least two arguments, but only one was provided. Destination could not be determined',
      ]);
      assert.deepEqual(errors('FROM a\nCOPY --from=b\n'), [
        'DW010 COPY requires at least two arguments, but only one was provided. Destination could not be determined',
      ]);
      assert.deepEqual(errors('FROM a\nCOPY a <<EOF\nx\nEOF\n'), [
        'DW011 COPY cannot accept a heredoc as a destination',
      ]);
      assert.deepEqual(errors('FROM a\nCOPY <<EOF /dest\nx\nEOF\n'), []);
      assert.deepEqual(errors('FROM a\nCOPY ["a b", "/c d/"]\n'), []);
    });

    it('instructions that need one argument', () => {
      for (const keyword of ['USER', 'WORKDIR', 'STOPSIGNAL', 'MAINTAINER']) {
        assert.deepEqual(errors(`FROM a\n${keyword}\n`), [`DW010 ${keyword} requires exactly one argument`]);
        // A whole line is one argument; only STOPSIGNAL then checks what it names.
        const named = keyword === 'STOPSIGNAL' ? ['DW011 invalid signal: one two'] : [];
        assert.deepEqual(errors(`FROM a\n${keyword} one two\n`), named, keyword);
      }
      for (const keyword of ['ARG', 'ENV', 'LABEL', 'EXPOSE', 'VOLUME', 'ONBUILD', 'HEALTHCHECK']) {
        assert.deepEqual(errors(`FROM a\n${keyword}\n`), [`DW010 ${keyword} requires at least one argument`]);
      }
      assert.deepEqual(errors('FROM a\nVOLUME []\n'), ['DW010 VOLUME requires at least one argument']);
      assert.deepEqual(errors('FROM a\nVOLUME ["/a", " "]\n'), [
        'DW011 VOLUME specified can not be an empty string',
      ]);
      assert.deepEqual(errors('FROM a\nRUN\nCMD\nENTRYPOINT\n'), []);
    });

    it('blank ENV, LABEL and ARG names', () => {
      assert.deepEqual(errors('FROM a\nENV =x\n'), ['DW011 ENV names can not be blank']);
      assert.deepEqual(errors('FROM a\nLABEL a=b =c\n'), ['DW011 LABEL names can not be blank']);
      assert.deepEqual(errors('ARG =x\nFROM a\n'), ['DW011 ARG names can not be blank']);
      assert.deepEqual(errors('FROM a\nENV A=1 B="two words"\nLABEL "k"=v\nARG X Y=2\n'), []);
    });

    it('SHELL needs a JSON array', () => {
      assert.deepEqual(errors('FROM a\nSHELL sh -c\n'), [
        'DW011 SHELL requires the arguments to be in JSON form',
      ]);
      assert.deepEqual(errors('FROM a\nSHELL []\n'), ['DW010 SHELL requires at least one argument']);
      assert.deepEqual(errors('FROM a\nSHELL\n'), ['DW010 SHELL requires at least one argument']);
      assert.deepEqual(errors('FROM a\nSHELL ["powershell", "-command"]\n'), []);
      const [hint] = errors('FROM a\nSHELL ["c:\\windows\\cmd.exe", "/S"]\n');
      assert.match(hint ?? '', /It looks like .* includes a file path without an escaped back-slash/);
    });

    it('HEALTHCHECK types and commands', () => {
      assert.deepEqual(errors('FROM a\nHEALTHCHECK NONE\n'), []);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK none\n'), []);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK NONE x\n'), ['DW010 HEALTHCHECK NONE takes no arguments']);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK CMD\n'), ['DW010 Missing command after HEALTHCHECK CMD']);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK CMD []\n'), [
        'DW010 Missing command after HEALTHCHECK CMD',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK curl -f x\n'), [
        'DW011 Unknown type "CURL" in HEALTHCHECK (try CMD)',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n'), []);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK cmd ["curl", "-f", "x"]\n'), []);
      // NONE never reads its flags.
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --bogus NONE\n'), []);
    });

    it('EXPOSE ports and protocols', () => {
      assert.deepEqual(
        errors('FROM a\nEXPOSE 80 443/tcp 53/udp 132/SCTP 8000-8010 8080:80 ${PORT} "81"\n'),
        [],
      );
      assert.deepEqual(errors('FROM a\nEXPOSE http\n'), ['DW014 invalid containerPort: http']);
      assert.deepEqual(errors('FROM a\nEXPOSE 70000\n'), ['DW014 invalid containerPort: 70000']);
      assert.deepEqual(errors('FROM a\nEXPOSE 80/ICMP\n'), [
        'DW014 invalid port: "80/ICMP": invalid proto: ICMP',
      ]);
    });

    it('ONBUILD triggers', () => {
      assert.deepEqual(errors('FROM a\nONBUILD ONBUILD RUN x\n'), [
        "DW013 Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
      ]);
      assert.deepEqual(errors('FROM a\nONBUILD FROM b\n'), [
        "DW013 FROM isn't allowed as an ONBUILD trigger",
      ]);
      assert.deepEqual(errors('FROM a\nonbuild maintainer me\n'), [
        "DW013 MAINTAINER isn't allowed as an ONBUILD trigger",
      ]);
      assert.deepEqual(errors('FROM a\nONBUILD --x RUN y\n'), ['DW020 unknown flag: --x']);
    });

    it('checks what ONBUILD registers, as warnings for the builds that use the image', () => {
      const found = findingsOf('FROM a\nONBUILD RUN --networ=none x\nONBUILD FORM b\nONBUILD COPY x\n');
      assert.deepEqual(
        found.map((finding) => [finding.severity, finding.message]),
        [
          ['warning', 'unknown flag: --networ (did you mean network?)'],
          ['warning', 'unknown instruction: FORM (did you mean FROM?)'],
          [
            'warning',
            'COPY requires at least two arguments, but only one was provided. Destination could not be determined',
          ],
        ],
      );
      assert.deepEqual(errors('FROM a\nONBUILD COPY --from=b . /app\nONBUILD RUN <<EOF\nx\nEOF\n'), []);
    });
  });

  describe('flags', () => {
    it('reports unknown flags with did-you-mean on the flag name', () => {
      const finding = only('FROM a\nCOPY --chmodd=755 a b\n');
      assert.equal(finding.message, 'unknown flag: --chmodd (did you mean chmod?)');
      assert.equal(finding.code, 'DW020');
      assert.deepEqual(finding.range, r(1, 7, 1, 13));
      assert.deepEqual(errors('FROM --platfrom=x a\n'), [
        'DW020 unknown flag: --platfrom (did you mean platform?)',
      ]);
      assert.deepEqual(errors('FROM a\nRUN --mont=type=cache,target=/x y\n'), [
        'DW020 unknown flag: --mont (did you mean mount?)',
      ]);
      assert.deepEqual(errors('FROM a\nCOPY --checksum=sha256:x a b\n'), ['DW020 unknown flag: --checksum']);
      assert.deepEqual(errors('FROM a\nCOPY --Link a b\n'), [
        'DW020 unknown flag: --Link (did you mean link?)',
      ]);
    });

    it('rejects flags on instructions that take none', () => {
      assert.deepEqual(errors('FROM a\nENV --x=1 A=b\n'), ['DW020 unknown flag: --x']);
      assert.deepEqual(errors('FROM a\nWORKDIR --chown=me /x\n'), ['DW020 unknown flag: --chown']);
      assert.deepEqual(errors('FROM a\nCMD --help\n'), ['DW020 unknown flag: --help']);
      assert.deepEqual(errors('FROM a\nCMD ["--help"]\n'), []);
      // BuildKit never parses STOPSIGNAL's flags.
      assert.deepEqual(errors('FROM a\nSTOPSIGNAL --x SIGTERM\n'), []);
    });

    it('duplicate flags, except the repeatable ones', () => {
      assert.deepEqual(errors('FROM a\nCOPY --from=b --from=c x y\n'), [
        'DW021 duplicate flag specified: --from',
      ]);
      assert.deepEqual(errors('FROM a\nCOPY --exclude=*.md --exclude=*.txt . /app\n'), []);
      assert.deepEqual(
        errors('FROM a\nRUN --mount=type=cache,target=/a --mount=type=cache,target=/b --network=none x\n'),
        [],
      );
      assert.deepEqual(errors('FROM a\nRUN --network=none --network=host x\n'), [
        'DW021 duplicate flag specified: --network',
      ]);
    });

    it('missing values and boolean values', () => {
      assert.deepEqual(errors('FROM a\nCOPY --from a b\n'), ['DW022 missing a value on flag: --from']);
      assert.deepEqual(errors('FROM a\nRUN --mount x\n'), ['DW022 missing a value on flag: --mount']);
      assert.deepEqual(errors('FROM a\nCOPY --link= a b\n'), ['DW022 missing a value on flag: --link']);
      const maybe = only('FROM a\nCOPY --link=maybe a b\n');
      assert.equal(maybe.message, 'expecting boolean value for flag --link, not: maybe');
      assert.deepEqual(maybe.range, r(1, 12, 1, 17));
      assert.deepEqual(errors('FROM a\nCOPY --link --parents=TRUE --link=false a b\n'), [
        'DW021 duplicate flag specified: --link',
      ]);
      assert.deepEqual(errors('FROM a\nADD --keep-git-dir=false --unpack=True --link x /y\n'), []);
    });

    it('accepts variables where BuildKit expands them', () => {
      const text = [
        'ARG BASE=alpine',
        'FROM --platform=$BUILDPLATFORM ${BASE} AS build',
        'ARG STAGE=build MODE=755 OWNER=1000',
        'COPY --from=${STAGE} --chown=$OWNER --chmod=$MODE /x /y',
        'RUN --mount=type=cache,target=${CACHE},id=$ID,uid=$UID,sharing=$SHARING true',
        'RUN --mount=type=$TYPE,target=/x,size=1g --mount=type=cache,target=/c,from=base true',
        'ADD --checksum=$SUM $URL /x',
        'EXPOSE $PORT/$PROTO',
        '',
      ].join('\n');
      assert.deepEqual(errors(text), []);
    });

    it('RUN --network and --security values', () => {
      assert.deepEqual(errors('FROM a\nRUN --network=bridge x\n'), ['DW023 invalid network mode "bridge"']);
      assert.deepEqual(errors('FROM a\nRUN --network= x\n'), ['DW023 invalid network mode ""']);
      assert.deepEqual(errors('FROM a\nRUN --security=privileged x\n'), [
        'DW023 security "privileged" is not valid',
      ]);
      assert.deepEqual(
        errors('FROM a\nRUN --network=host --security=insecure x\nRUN --network=none y\n'),
        [],
      );
    });

    it('HEALTHCHECK durations and retries', () => {
      const ok =
        'FROM a\nHEALTHCHECK --interval=30s --timeout=1m30s --start-period=0 --start-interval=5s --retries=3 CMD x\n';
      assert.deepEqual(errors(ok), []);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --interval=0s --retries=0 CMD x\n'), []);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --interval=10 CMD x\n'), [
        'DW023 time: missing unit in duration "10"',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --timeout=5sec CMD x\n'), [
        'DW023 time: unknown unit "sec" in duration "5sec"',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --start-period=500us CMD x\n'), [
        'DW023 Interval "start-period" cannot be less than 1ms',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --interval=-5s CMD x\n'), [
        'DW023 Interval "interval" cannot be less than 1ms',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --retries=-1 CMD x\n'), [
        'DW023 --retries cannot be negative (-1)',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --retries=three CMD x\n'), [
        'DW023 strconv.ParseInt: parsing "three": invalid syntax',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --retries=99999999999 CMD x\n'), [
        'DW023 strconv.ParseInt: parsing "99999999999": value out of range',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --interval CMD x\n'), [
        'DW022 missing a value on flag: --interval',
      ]);
      assert.deepEqual(errors('FROM a\nHEALTHCHECK --intervall=5s CMD x\n'), [
        'DW020 unknown flag: --intervall (did you mean interval?)',
      ]);
    });

    it('COPY/ADD --chmod numbers must be octal up to 07777', () => {
      assert.deepEqual(
        errors('FROM a\nCOPY --chmod=0755 a b\nCOPY --chmod=7777 a b\nCOPY --chmod=u+x,g=u a b\n'),
        [],
      );
      const message = "invalid chmod parameter: '789'. it should be octal string and between 0 and 07777";
      assert.deepEqual(errors('FROM a\nCOPY --chmod=789 a b\n'), [`DW023 ${message}`]);
      assert.deepEqual(errors('FROM a\nADD --chmod=17777 a b\n'), [
        "DW023 invalid chmod parameter: '17777'. it should be octal string and between 0 and 07777",
      ]);
    });

    it('ADD --checksum needs one HTTP(S) or Git source', () => {
      assert.deepEqual(
        errors(
          `FROM a\nADD --checksum=sha256:${'ab'.repeat(32)} https://example.com/a.tgz /x\nADD --checksum=abc git@github.com:o/r.git /y\n`,
        ),
        [],
      );
      assert.deepEqual(errors('FROM a\nADD --checksum=sha256:abc local.tgz /x\n'), [
        'DW023 checksum requires HTTP(S) or Git sources',
      ]);
      assert.deepEqual(errors('FROM a\nADD --checksum=sha256:abc https://a/1 https://a/2 /x/\n'), [
        "DW023 checksum can't be specified for multiple sources",
      ]);
    });
  });

  describe('RUN --mount', () => {
    const mount = (value: string): string[] => errors(`FROM a\nRUN --mount=${value} true\n`);

    it('accepts every documented form', () => {
      const good = [
        'type=bind,source=.,target=/src,rw',
        'type=bind,from=build,src=/out,dst=/in,readonly',
        'target=/src',
        'type=cache,target=/root/.cache,id=pip,sharing=locked,mode=0755,uid=1000,gid=1000',
        'type=cache,target=/var/cache/apt,sharing=private,ro=false',
        'type=tmpfs,target=/tmp,size=64m',
        'type=tmpfs,destination=/tmp,size=1.5GiB',
        'type=secret,id=aws,target=/root/.aws/credentials,required=true,mode=0400',
        'type=secret,id=API_KEY,env=API_KEY',
        'type=secret,id=token,required',
        'type=ssh',
        'type=ssh,id=default,required,uid=1,gid=1,mode=600',
        'TYPE=Cache,Target=/x',
        '"type=cache,target=/a b"',
      ];
      for (const value of good) assert.deepEqual(mount(value), [], value);
    });

    it('rejects unknown types, keys and sharing values with suggestions', () => {
      assert.deepEqual(mount('type=cahce,target=/x'), [
        'DW024 unsupported mount type "cahce" (did you mean cache?)',
      ]);
      assert.deepEqual(mount('type=volume,target=/x'), ['DW024 unsupported mount type "volume"']);
      assert.deepEqual(mount('type=cache,tagret=/x'), [
        "DW024 unexpected key 'tagret' in 'tagret=/x' (did you mean target?)",
      ]);
      assert.deepEqual(mount('type=cache,target=/x,sharing=lock'), [
        'DW024 unsupported sharing value "lock" (did you mean locked?)',
      ]);
    });

    it('checks values and which keys each type takes', () => {
      assert.deepEqual(mount('type=cache,target=/x,mode=999'), ['DW024 invalid value 999 for mode']);
      assert.deepEqual(mount('type=cache,target=/x,uid=me'), ['DW024 invalid value me for uid']);
      assert.deepEqual(mount('type=bind,target=/x,ro=maybe'), ['DW024 invalid value for ro: maybe']);
      assert.deepEqual(mount('type=tmpfs,target=/x,size=big'), ['DW024 invalid value for size: big']);
      assert.deepEqual(mount('type=cache,target=/x,size=1g'), [
        "DW024 unexpected key 'size' for mount type 'cache'",
      ]);
      assert.deepEqual(mount('target=/x,required'), [
        "DW024 unexpected key 'required' for mount type 'bind'",
      ]);
      assert.deepEqual(mount('target=/x,cache'), ["DW024 invalid field 'cache' must be a key=value pair"]);
      assert.deepEqual(mount('type=bind,target=/x,uid=1'), ['DW024 uid not allowed for "bind" type mounts']);
      assert.deepEqual(mount('type=tmpfs,target=/x,mode=700'), [
        'DW024 mode not allowed for "tmpfs" type mounts',
      ]);
      assert.deepEqual(mount('type=bind,target=/x,sharing=locked'), [
        'DW024 invalid cache sharing set for bind mount',
      ]);
    });

    it('refuses variables in from, which BuildKit resolves too early', () => {
      assert.deepEqual(mount('type=bind,from=${STAGE},target=/x'), [
        "DW024 'from' doesn't support variable expansion, define alias stage instead",
      ]);
      assert.deepEqual(mount('type=bind,from=build$,target=/x'), []);
    });

    it('checks secret mounts as a whole', () => {
      assert.deepEqual(mount('type=secret,id=a,from=b'), ['DW024 secret mount should not have a from']);
      assert.deepEqual(mount('type=secret,id=a,sharing=shared'), [
        'DW024 secret mount should not define sharing',
      ]);
      assert.deepEqual(mount('type=secret'), ['DW024 invalid secret mount. one of source, target required']);
      assert.deepEqual(mount('type=secret,source=a,id=b'), ["DW024 both source and id can't be set"]);
    });

    it('points at the offending field when it can', () => {
      const finding = only('FROM a\nRUN --mount=type=cache,tagret=/x true\n');
      assert.deepEqual(finding.range, r(1, 23, 1, 32));
      assert.equal(finding.href, 'https://docs.docker.com/reference/dockerfile/#run---mount');
    });

    it('reports one problem per mount', () => {
      assert.deepEqual(errors('FROM a\nRUN --mount=type=x,y --mount=type=cache,target=/c,mode=9 z\n'), [
        'DW024 unsupported mount type "x"',
        'DW024 invalid value 9 for mode',
      ]);
    });
  });

  describe('syntax versions', () => {
    it('knows which flags a pinned docker/dockerfile has', () => {
      assert.deepEqual(errors('# syntax=docker/dockerfile:1.4\nFROM a\nCOPY --parents a b\n'), [
        'DW025 unknown flag: --parents (it needs docker/dockerfile:1.20)',
      ]);
      assert.deepEqual(
        errors('# syntax=docker/dockerfile:1.7-labs\nFROM a\nCOPY --parents --exclude=x a b\n'),
        [],
      );
      assert.deepEqual(errors('# syntax=docker/dockerfile:1.3\nFROM a\nCOPY --link a b\n'), [
        'DW025 unknown flag: --link (it needs docker/dockerfile:1.4)',
      ]);
      assert.deepEqual(errors('# syntax=docker/dockerfile:1.4.3\nFROM a\nCOPY --link a b\n'), []);
      assert.deepEqual(
        errors('# syntax=docker/dockerfile:1.26\nFROM a\nRUN --device=nvidia.com/gpu=all x\n'),
        ['DW025 unknown flag: --device (it needs docker/dockerfile:1.27)'],
      );
      assert.deepEqual(
        errors('# syntax=docker/dockerfile:1\nFROM a\nRUN --device=nvidia.com/gpu=all x\n'),
        [],
      );
      assert.deepEqual(
        errors('# syntax=docker/dockerfile:1-labs\nFROM a\nRUN --device=nvidia.com/gpu=all x\n'),
        [],
      );
    });

    it('judges nothing version-dependent without an official pinned frontend', () => {
      assert.deepEqual(errors('FROM a\nCOPY --parents a b\nRUN --device=gpu --security=insecure x\n'), []);
      assert.deepEqual(errors('# syntax=example.com/custom:1.0\nFROM a\nRUN --device=gpu x\n'), []);
    });

    it('checks --device values', () => {
      const labs = '# syntax=docker/dockerfile:1-labs\nFROM a\n';
      assert.deepEqual(errors(`${labs}RUN --device=vendor.com/gpu=all,required x\n`), []);
      assert.deepEqual(errors(`${labs}RUN --device=gpu,name=other x\n`), [
        'DW026 device name already set to gpu',
      ]);
      assert.deepEqual(errors(`${labs}RUN --device=gpu,required=perhaps x\n`), [
        'DW026 invalid value for required: perhaps',
      ]);
      assert.deepEqual(errors(`${labs}RUN --device=gpu,reqired=true x\n`), [
        "DW026 unexpected key 'reqired' in 'reqired=true' (did you mean required?)",
      ]);
    });
  });

  describe('robustness', () => {
    it('never throws on odd input', () => {
      const odd = [
        'FROM a\nRUN --mount=',
        'FROM a\nRUN --mount=""',
        'FROM a\nRUN --mount=",,,"',
        'FROM a\nRUN --mount="type=cache',
        'FROM a\nHEALTHCHECK --interval=.',
        'FROM a\nHEALTHCHECK --retries=+',
        'FROM a\nONBUILD',
        'FROM a\nONBUILD ONBUILD',
        'FROM a\nCOPY [',
        'FROM a\nEXPOSE :/',
        'FROM a\nEXPOSE /tcp 1-',
        '\\\n\\\n',
        'FROM a\nADD --checksum= a b',
        '# syntax=docker/dockerfile:1.\nFROM a\nCOPY --link a b',
      ];
      for (const text of odd) assert.doesNotThrow(() => findingsOf(text), text);
    });

    it('never throws on random instruction soup', () => {
      const pieces = [
        'FROM a',
        'FROM a AS b',
        'RUN',
        'COPY',
        'ADD',
        'ONBUILD',
        'HEALTHCHECK',
        'SHELL',
        'EXPOSE',
        'ENV',
        'ARG',
        ' --mount=',
        'type=',
        'secret',
        'cache',
        ',',
        '=',
        '"',
        "'",
        '$X',
        ' --link',
        ' --chmod=',
        ' --checksum=',
        ' --interval=',
        ' --retries=',
        '1.5h',
        ' --network=',
        ' --device=',
        '[',
        ']',
        '<<EOF',
        'EOF',
        ' ',
        '\n',
        '\\\n',
        '# syntax=docker/dockerfile:1.4\n',
        ' NONE',
        ' CMD',
        ' --',
        'x',
      ];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
          const found = findingsOf(parts.join(''));
          return found.every((finding) => finding.code.startsWith('DW') && finding.message.length > 0);
        }),
        { numRuns: 500, seed: 7 },
      );
    });

    it('reports no error on any real-world Dockerfile of the corpus', function () {
      const dir = '/work/shared/corpus';
      if (!existsSync(dir)) this.skip();
      const files = readdirSync(dir).filter((name) => !name.endsWith('.md') && !name.endsWith('.tsv'));
      assert.ok(files.length >= 35);
      const failures: string[] = [];
      for (const name of files) {
        for (const finding of findingsOf(readFileSync(join(dir, name), 'utf8'))) {
          if (finding.severity === 'error')
            failures.push(`${name}:${finding.range.start.line + 1} ${finding.message}`);
        }
      }
      assert.deepEqual(failures, []);
    });
  });
});

describe('did-you-mean suggestions', () => {
  it('measures edit distance', () => {
    assert.equal(editDistance('form', 'from'), 2);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('copy', 'copy'), 0);
  });

  it('suggests options below distance 3 in the case the user typed', () => {
    assert.equal(closest('FORM', ['from', 'run']), 'FROM');
    assert.equal(closest('form', ['FROM', 'RUN']), 'from');
    assert.equal(closest('Runn', ['run']), 'run');
    assert.equal(closest('BADCMD', ['from', 'run', 'cmd']), undefined);
  });

  it('keeps the first of equally close options', () => {
    // "cap" is two edits from both "cmd" and "copy": the one listed first wins.
    assert.equal(closest('cap', ['cmd', 'copy']), 'cmd');
    assert.equal(closest('cap', ['copy', 'cmd']), 'copy');
  });
});
