// The first half of the DL rules on cases outside hadolint's own tests: how often a rule fires
// for one RUN, commands behind wrappers, and the flag and subcommand spellings the reference takes.
import * as assert from 'node:assert/strict';
import { DEFAULT_HADOLINT_CONFIG } from '../../../src/server/rules/hadolint/config';
import { hadolintFindings } from '../../../src/server/rules/hadolint/engine';
import { unwrapped, withoutExpansions } from '../../../src/server/rules/hadolint/p1Hits';
import { hadolintRulesPart1 } from '../../../src/server/rules/hadolint/part1';
import { parseShell } from '../../../src/server/semantics/shell';
import { parseDockerfile } from '../../../src/server/syntax/parser';

function lint(text: string, code: string) {
  const rule = hadolintRulesPart1.find((r) => r.code === code);
  assert.ok(rule, `no rule ${code}`);
  return hadolintFindings(parseDockerfile(text), [rule], {
    config: DEFAULT_HADOLINT_CONFIG,
    includeDefaultOff: true,
  });
}

function count(text: string, code: string): number {
  return lint(text, code).length;
}

/** The text each finding underlines (single-line ranges). */
function spans(text: string, code: string): string[] {
  const lines = text.split('\n');
  return lint(text, code).map(({ range: { start, end } }) =>
    start.line === end.line
      ? (lines[start.line] ?? '').slice(start.character, end.character)
      : `${start.line}..${end.line}`,
  );
}

describe('hadolint fidelity, first half', () => {
  describe('one finding per RUN and rule', () => {
    it('reports a RUN once however many packages lack a version', () => {
      const cases: Array<[string, string]> = [
        ['RUN apt-get install -y git curl && apt-get install -y make\n', 'DL3008'],
        ['RUN pip install flask requests && pip3 install rich\n', 'DL3013'],
        ['RUN npm install express lodash\n', 'DL3016'],
        ['RUN apk add --no-cache curl bash\n', 'DL3018'],
        ['RUN gem install rails rake\n', 'DL3028'],
        ['RUN yum install -y tomcat httpd && yum clean all\n', 'DL3033'],
      ];
      for (const [text, code] of cases) assert.equal(count(text, code), 1, `${code}: ${text}`);
    });

    it('reports a RUN once however many commands offend', () => {
      const cases: Array<[string, string]> = [
        ['RUN ps aux && top -b && kill 1\n', 'DL3001'],
        ['RUN cd /a && make && cd /b && make\n', 'DL3003'],
        ['RUN sudo a && sudo b\n', 'DL3004'],
        ['RUN apt-get install a=1 && apt-get install b=1\n', 'DL3014'],
        ['RUN apt-get install -y a=1 && apt-get install -y b=1\n', 'DL3015'],
        ['RUN apk add a=1 && apk add b=1\n', 'DL3019'],
        ['RUN apt install a && apt remove b\n', 'DL3027'],
        ['RUN yum install a-1 && yum install b-1 && yum clean all\n', 'DL3030'],
      ];
      for (const [text, code] of cases) assert.equal(count(text, code), 1, `${code}: ${text}`);
    });

    it('still reports each offending RUN on its own', () => {
      assert.equal(count('RUN cd /a\nRUN cd /b\nONBUILD RUN sudo x\n', 'DL3003'), 2);
      assert.equal(count('RUN sudo a\nRUN sudo b\nONBUILD RUN sudo c\n', 'DL3004'), 3);
      assert.equal(count('RUN npm install a\nRUN npm install b@1\nRUN npm install c\n', 'DL3016'), 2);
    });

    it('spans the offending words and names them all', () => {
      assert.deepEqual(spans('RUN apt-get install -y git=1 curl make=2 wget\n', 'DL3008'), [
        'curl make=2 wget',
      ]);
      const [finding] = lint('RUN pip install flask requests==2 rich\n', 'DL3013');
      assert.match(finding?.message ?? '', /`flask`, `rich`/);
      const [single] = lint('RUN npm install express\n', 'DL3016');
      assert.match(single?.message ?? '', /`express@<version>`/);
      const [commands] = lint('RUN top && ps\n', 'DL3001');
      assert.match(commands?.message ?? '', /`top`, `ps` make no sense/);
    });

    it('names the first few of a long list of packages', () => {
      const [finding] = lint('RUN apk add a b c d e f g\n', 'DL3018');
      assert.match(
        finding?.message ?? '',
        /`a`, `b`, `c`, `d`, `e`, 2 more: use `apk add <package>=<version>`/,
      );
    });

    it('spans commands on several lines of one RUN', () => {
      const text = 'RUN cd /a \\\n && make \\\n && cd /b\n';
      const [finding] = lint(text, 'DL3003');
      assert.deepEqual(finding?.range, { start: { line: 0, character: 4 }, end: { line: 2, character: 9 } });
    });
  });

  describe('versions written through expansions', () => {
    it('reads a version only from what is written', () => {
      assert.equal(withoutExpansions('$(cat /pkgs)'), '${VAR}');
      assert.equal(withoutExpansions('foo=${VERSION}'), 'foo=${VAR}');
      assert.equal(withoutExpansions('`cat /x/y`'), '${VAR}');
      assert.equal(withoutExpansions('$(echo $(cat /a))-x'), '${VAR}-x');
      assert.equal(withoutExpansions('pkg@$V'), 'pkg@${VAR}');
      assert.equal(withoutExpansions('plain/name'), 'plain/name');
    });

    it('does not take a slash inside a substitution as a path', () => {
      assert.equal(count('RUN apt-get install -y $(cat /tmp/packages)\n', 'DL3008'), 1);
      assert.equal(count('RUN pip install $(cat /req | grep x)\n', 'DL3013'), 1);
      assert.equal(count('RUN apk add `cat /pkgs`\n', 'DL3018'), 1);
      assert.equal(count('RUN apt-get install -y "curl=${CURL_VERSION}" ./local.deb\n', 'DL3008'), 0);
      assert.equal(count('RUN npm install "express@${EXPRESS}"\n', 'DL3016'), 0);
    });
  });

  describe('commands behind wrappers', () => {
    it('resolves command, builtin, busybox, run and exec to the command they run', () => {
      const name = (script: string) => unwrapped(parseShell(script).commands[0]).name;
      assert.equal(name('command cd /x'), 'cd');
      assert.equal(name('builtin cd /x'), 'cd');
      assert.equal(name('busybox wget x'), 'wget');
      assert.equal(name('exec sudo x'), 'sudo');
      assert.equal(name('exec -c -a name sudo x'), 'sudo');
      assert.equal(name('exec -l -- sudo x'), 'sudo');
      assert.equal(name('exec -cafoo sudo x'), 'sudo');
    });

    it('keeps the wrapper when it runs nothing', () => {
      const name = (script: string) => unwrapped(parseShell(script).commands[0]).name;
      assert.equal(name('command -v cd'), 'command');
      assert.equal(name('exec 3>&1'), 'exec');
      assert.equal(name('exec --help'), 'exec');
      assert.equal(name('exec -x sudo'), 'exec');
      assert.equal(name('busybox'), 'busybox');
    });

    it('fires the rules on wrapped commands', () => {
      assert.equal(count('RUN command cd /x\n', 'DL3003'), 1);
      assert.equal(count('RUN exec sudo make\n', 'DL3004'), 1);
      assert.equal(count('RUN command apt-get install -y git\n', 'DL3008'), 1);
      assert.equal(count('RUN command apt-get install git=1\n', 'DL3014'), 1);
      assert.equal(count('RUN builtin cd /x\n', 'DL3003'), 1);
      assert.equal(count('RUN command -v cd\n', 'DL3003'), 0);
    });

    it('reads wrapped updates and cleanups in DL3009 and DL3032', () => {
      assert.equal(count('FROM a:1\nRUN command apt-get update\n', 'DL3009'), 1);
      assert.equal(
        count('FROM a:1\nRUN apt-get update && command rm -rf /var/lib/apt/lists/*\n', 'DL3009'),
        0,
      );
      assert.equal(count('RUN command yum install -y a-1\n', 'DL3032'), 1);
      assert.equal(count('RUN yum install -y a-1 && command yum clean all\n', 'DL3032'), 0);
    });

    it('does not see through sudo or env, as the reference does not', () => {
      assert.equal(count('RUN sudo apt-get install git\n', 'DL3008'), 0);
      assert.equal(count('RUN env DEBIAN_FRONTEND=noninteractive apt-get install git\n', 'DL3008'), 0);
    });
  });

  describe('DL3001', () => {
    it('checks the commands the reference lists, and not ifconfig', () => {
      for (const name of ['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim']) {
        assert.equal(count(`RUN ${name} x\n`, 'DL3001'), 1, name);
      }
      assert.equal(count('RUN ifconfig eth0\n', 'DL3001'), 0);
      assert.equal(count('RUN apt-get install -y vim=2 && ssh-keygen -A\n', 'DL3001'), 0);
    });
  });

  describe('DL3011', () => {
    it('reports an EXPOSE once, spanning its invalid ports', () => {
      assert.deepEqual(spans('EXPOSE 80 70000 443 80000/udp\n', 'DL3011'), ['70000 443 80000/udp']);
      const [finding] = lint('EXPOSE 70000 80000\n', 'DL3011');
      assert.match(finding?.message ?? '', /`70000`, `80000` are not valid ports/);
      assert.equal(count('EXPOSE 80\nEXPOSE 70000\nEXPOSE 90000\n', 'DL3011'), 2);
    });
  });

  describe('DL3009', () => {
    it('counts any rm -rf as the cleanup, as the reference does', () => {
      assert.equal(
        count('FROM a:1\nRUN apt-get update && apt-get install -y x && rm -rf /tmp/*\n', 'DL3009'),
        0,
      );
      assert.equal(count('FROM a:1\nRUN apt-get update && rm -r /var/lib/apt/lists/*\n', 'DL3009'), 0);
      assert.equal(count('FROM a:1\nRUN apt-get update && rm -fr /var/lib/apt/lists\n', 'DL3009'), 0);
      assert.equal(count('FROM a:1\nRUN apt-get update && rm -f /tmp/x\n', 'DL3009'), 1);
      assert.equal(count('FROM a:1\nRUN apt-get update && apt-get clean\n', 'DL3009'), 1);
    });

    it('counts a stage whose FROM is written like the last one as final', () => {
      const same = 'FROM debian:12\nRUN apt-get update\nFROM debian:12\nRUN true\n';
      assert.deepEqual(
        lint(same, 'DL3009').map((f) => f.range.start.line),
        [1],
      );
      const named = 'FROM debian:12 AS a\nRUN apt-get update\nFROM debian:12 AS b\nRUN true\n';
      assert.equal(count(named, 'DL3009'), 0);
    });
  });

  describe('ONBUILD triggers', () => {
    it('DL3003 and DL3010 leave them out, as the reference does not unwrap ONBUILD for them', () => {
      assert.equal(count('FROM a:1\nONBUILD RUN cd /x && make\n', 'DL3003'), 0);
      assert.equal(count('FROM a:1\nCOPY app.tar /tmp/\nONBUILD RUN tar -xf /tmp/app.tar\n', 'DL3010'), 0);
    });

    it('the package and command rules read them', () => {
      const cases: Array<[string, string]> = [
        ['ONBUILD RUN top\n', 'DL3001'],
        ['ONBUILD RUN sudo make\n', 'DL3004'],
        ['ONBUILD RUN apt-get install -y git\n', 'DL3008'],
        ['ONBUILD RUN apt-get install git=1\n', 'DL3014'],
        ['ONBUILD RUN apt install git\n', 'DL3027'],
        ['ONBUILD RUN yum install a-1 && yum clean all\n', 'DL3030'],
      ];
      for (const [text, code] of cases) assert.equal(count(`FROM a:1\n${text}`, code), 1, `${code}: ${text}`);
    });
  });

  describe('DL3010', () => {
    it('reports only what the last stage extracts, as the reference starts afresh at each FROM', () => {
      const early = 'FROM a:1 AS build\nCOPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz\nFROM b:1\nRUN true\n';
      assert.equal(count(early, 'DL3010'), 0);
      const last = 'FROM a:1 AS build\nRUN true\nFROM b:1\nCOPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz\n';
      assert.equal(count(last, 'DL3010'), 1);
      assert.equal(count('COPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz\n', 'DL3010'), 1);
    });

    it('takes any option word with an x as extracting, and no dashless form', () => {
      const copy = 'FROM a:1\nCOPY app.tar /tmp/\n';
      assert.equal(count(`${copy}RUN tar --extract -f /tmp/app.tar\n`, 'DL3010'), 1);
      assert.equal(count(`${copy}RUN tar -v -x -f /tmp/app.tar\n`, 'DL3010'), 1);
      assert.equal(count(`${copy}RUN tar xf /tmp/app.tar\n`, 'DL3010'), 0);
      assert.equal(count(`${copy}RUN tar -cf /tmp/app.tar /src\n`, 'DL3010'), 0);
      assert.equal(count(`${copy}RUN command tar -xf /tmp/app.tar\n`, 'DL3010'), 1);
    });
  });

  describe('DL3013', () => {
    it('takes python -m pip install only as three words in a row', () => {
      assert.equal(count('RUN python3 -m pip install flask\n', 'DL3013'), 1);
      assert.equal(count('RUN python3.12 -m pip install flask\n', 'DL3013'), 1);
      assert.equal(count('RUN python -m pip --no-cache-dir install flask\n', 'DL3013'), 0);
      assert.equal(count('RUN python -m venv /v && /v/bin/pip install flask\n', 'DL3013'), 0);
    });

    it('skips requirement files named by -r or --requirement as words of their own', () => {
      assert.equal(count('RUN pip install -r req.txt flask\n', 'DL3013'), 0);
      assert.equal(count('RUN pip install --requirement req.txt\n', 'DL3013'), 0);
      assert.equal(count('RUN pip install --requirement=req.txt flask\n', 'DL3013'), 1);
      assert.equal(count('RUN pip install --constraint=c.txt flask\n', 'DL3013'), 0);
      assert.equal(count('RUN pip install -qc c.txt flask\n', 'DL3013'), 0);
    });
  });

  describe('yum', () => {
    it('DL3030 asks for -y on groupinstall and localinstall too', () => {
      assert.equal(count('RUN yum groupinstall "Development Tools" && yum clean all\n', 'DL3030'), 1);
      assert.equal(count('RUN yum localinstall ./x.rpm && yum clean all\n', 'DL3030'), 1);
      assert.equal(count('RUN yum -y groupinstall "Development Tools"\n', 'DL3030'), 0);
      assert.equal(count('RUN yum --assumeyes localinstall ./x.rpm\n', 'DL3030'), 0);
    });

    it('DL3032 takes any yum clean after the install', () => {
      assert.equal(count('RUN yum install -y a-1 && yum clean packages\n', 'DL3032'), 0);
      assert.equal(count('RUN yum install -y a-1 && yum clean metadata\n', 'DL3032'), 0);
      assert.equal(count('RUN yum install -y a-1 && yum makecache\n', 'DL3032'), 1);
    });
  });
});
