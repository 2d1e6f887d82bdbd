import * as assert from 'node:assert/strict';
import {
  describeAnswers,
  formatPorts,
  parseBinds,
  parseEnv,
  parsePorts,
  readAnswers,
} from '../../../src/extension/commands/runOptions';
import { pullReferenceProblem } from '../../../src/extension/commands/imageTransfer';
import { createSpec } from '../../../src/extension/docker/runContainer';
import type { RunAnswers } from '../../../src/extension/docker/runContainer';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

function value<T>(parsed: { value: T } | { problem: string }): T {
  assert.ok('value' in parsed, 'problem' in parsed ? parsed.problem : '');
  return parsed.value;
}

const answers: RunAnswers = {
  name: 'web',
  ports: [{ hostIp: '127.0.0.1', hostPort: '8080', containerPort: '80', protocol: 'tcp' }],
  env: ['A=1'],
  binds: ['data:/data:ro'],
  command: ['sh', '-c', 'echo hi'],
  network: 'none',
  autoRemove: true,
  interactive: false,
};

describe('Run options', () => {
  it('reads published ports, on 127.0.0.1 unless an address is given, and writes them back', () => {
    const ports = value(parsePorts('8080:80, 0.0.0.0:9000:9000/udp, [::1]:53:53/udp, 3000, 10.0.0.1::22', t));
    assert.deepEqual(ports, [
      { hostIp: '127.0.0.1', hostPort: '8080', containerPort: '80', protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: '9000', containerPort: '9000', protocol: 'udp' },
      { hostIp: '::1', hostPort: '53', containerPort: '53', protocol: 'udp' },
      { hostIp: '127.0.0.1', hostPort: '', containerPort: '3000', protocol: 'tcp' },
      { hostIp: '10.0.0.1', hostPort: '', containerPort: '22', protocol: 'tcp' },
    ]);
    assert.equal(formatPorts(ports), '8080:80, 0.0.0.0:9000:9000/udp, [::1]:53:53/udp, 3000, 10.0.0.1::22');
    assert.deepEqual(value(parsePorts('', t)), []);
  });

  it('says what is wrong with a port', () => {
    assert.deepEqual(parsePorts('80:70000', t), {
      problem: '"80:70000": ports are numbers from 1 to 65535.',
    });
    assert.deepEqual(parsePorts('80/icmp', t), { problem: '"80/icmp": the protocol is tcp, udp or sctp.' });
    assert.deepEqual(parsePorts('host:1:2', t), { problem: '"host:1:2": "host" is not an IP address.' });
    assert.ok('problem' in parsePorts('1:2:3:4', t));
  });

  it('reads environment variables and mounts', () => {
    assert.deepEqual(value(parseEnv('A=1, B=x=y, EMPTY', t)), ['A=1', 'B=x=y', 'EMPTY=']);
    assert.ok('problem' in parseEnv('1A=2', t));
    assert.deepEqual(value(parseBinds('data:/data, /home/me/src:/src:ro', t)), [
      'data:/data',
      '/home/me/src:/src:ro',
    ]);
    assert.ok('problem' in parseBinds('data:relative', t));
    assert.ok('problem' in parseBinds('data:/d:rx', t));
    assert.ok('problem' in parseBinds('/only', t));
  });

  it('turns the answers into a create request', () => {
    assert.deepEqual(createSpec('app:1', answers), {
      Image: 'app:1',
      name: 'web',
      Cmd: ['sh', '-c', 'echo hi'],
      Env: ['A=1'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: {
        AutoRemove: true,
        PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] },
        Binds: ['data:/data:ro'],
        NetworkMode: 'none',
      },
    });
    const interactive = createSpec('app:1', { ...answers, name: '', command: [], interactive: true });
    assert.equal(interactive.Tty, true);
    assert.equal(interactive.OpenStdin, true);
    assert.equal(interactive.name, undefined);
    assert.equal(interactive.Cmd, undefined);
  });

  it('remembers answers through workspace state and describes them in one line', () => {
    assert.deepEqual(readAnswers(JSON.parse(JSON.stringify(answers))), answers);
    assert.equal(readAnswers({ ...answers, ports: 'x' }), undefined);
    assert.equal(readAnswers(undefined), undefined);
    assert.equal(
      describeAnswers(answers, t),
      'name web · ports 8080:80 · 1 variables · mounts data:/data:ro · command sh -c echo hi · network none · --rm · detached',
    );
  });
});

describe('Pull references', () => {
  it('accepts a tag or a sha256 digest, and says what is wrong otherwise', () => {
    assert.equal(pullReferenceProblem('127.0.0.1:5000/team/app:1.0', t), undefined);
    assert.equal(pullReferenceProblem(`app@sha256:${'a'.repeat(64)}`, t), undefined);
    assert.equal(
      pullReferenceProblem('app@sha256:abc', t),
      'A digest is written sha256: followed by 64 lowercase hexadecimal digits.',
    );
    assert.match(pullReferenceProblem('Team/App', t) ?? '', /must be lowercase/);
    assert.match(pullReferenceProblem('', t) ?? '', /Enter an image name/);
  });
});
