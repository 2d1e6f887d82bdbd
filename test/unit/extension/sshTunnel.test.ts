import * as assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { utils } from 'ssh2';
import { knownHostAccepts, sshArguments, SshTunnelError } from '../../../src/extension/docker/sshTunnel';

/** A server key's blob in base64 (the form known_hosts stores), and the raw blob ssh2 hands over. */
function hostKey(): { line: string; blob: Buffer } {
  const pub = utils.generateKeyPairSync('ed25519').public;
  const [type, base64] = pub.split(' ');
  return { line: `${type} ${base64}`, blob: Buffer.from(base64, 'base64') };
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('SSH transport helpers', () => {
  it('builds ssh arguments the way the CLI runs dial-stdio', () => {
    assert.deepEqual(sshArguments({ host: 'build', port: 22 }, { sshPath: 'ssh' }), [
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=10',
      '--',
      'build',
      'docker',
      'system',
      'dial-stdio',
    ]);
    const full = sshArguments(
      { host: '10.0.0.5', port: 2222, username: 'me' },
      { sshPath: 'ssh', identityFile: '/k/id', knownHostsFile: '/k/known', connectTimeoutSeconds: 3 },
    );
    assert.deepEqual(full.slice(full.indexOf('--') - 2), [
      '-l',
      'me',
      '--',
      '10.0.0.5',
      'docker',
      'system',
      'dial-stdio',
    ]);
    assert.ok(full.includes('-p') && full.includes('2222'));
    assert.ok(full.includes('-i') && full.includes('/k/id'));
    assert.ok(full.includes('UserKnownHostsFile=/k/known'));
  });

  it('refuses host and user names that ssh would read as options', () => {
    assert.throws(
      () => sshArguments({ host: '-oProxyCommand=x', port: 22 }, { sshPath: 'ssh' }),
      SshTunnelError,
    );
    assert.throws(
      () => sshArguments({ host: 'h', port: 22, username: '-F/tmp/x' }, { sshPath: 'ssh' }),
      SshTunnelError,
    );
    assert.throws(() => sshArguments({ host: 'a b', port: 22 }, { sshPath: 'ssh' }), SshTunnelError);
  });

  it('accepts a host key known_hosts lists, plain, hashed or by pattern, and on a port', () => {
    const key = hostKey();
    assert.equal(knownHostAccepts(`build.example ${key.line}\n`, 'build.example', 22, key.blob), true);
    assert.equal(knownHostAccepts(`other,build.example ${key.line}`, 'BUILD.example', 22, key.blob), true);
    assert.equal(
      knownHostAccepts(`${hashed('build.example')} ${key.line}`, 'build.example', 22, key.blob),
      true,
    );
    assert.equal(knownHostAccepts(`*.example ${key.line}`, 'build.example', 22, key.blob), true);
    assert.equal(knownHostAccepts(`[127.0.0.1]:2222 ${key.line}`, '127.0.0.1', 2222, key.blob), true);
    assert.equal(
      knownHostAccepts(`${hashed('[127.0.0.1]:2222')} ${key.line}`, '127.0.0.1', 2222, key.blob),
      true,
    );
  });

  it('refuses unknown hosts, changed keys, other ports and revoked keys', () => {
    const key = hostKey();
    const other = hostKey();
    assert.equal(knownHostAccepts('', 'build.example', 22, key.blob), false);
    assert.equal(knownHostAccepts(`build.example ${other.line}`, 'build.example', 22, key.blob), false);
    assert.equal(knownHostAccepts(`127.0.0.1 ${key.line}`, '127.0.0.1', 2222, key.blob), false);
    assert.equal(
      knownHostAccepts(`build.example ${key.line}\n@revoked * ${key.line}`, 'build.example', 22, key.blob),
      false,
    );
    assert.equal(knownHostAccepts(`@cert-authority * ${key.line}\n# comment\n\n`, 'h', 22, key.blob), false);
  });

  it('answers for long wildcard patterns without exponential backtracking', () => {
    const key = hostKey();
    const pattern = `${'*a'.repeat(5_000)}b`;
    assert.equal(knownHostAccepts(`${pattern} ${key.line}`, 'a'.repeat(20_000), 22, key.blob), false);
  });
});
