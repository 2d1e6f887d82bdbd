import * as assert from 'node:assert/strict';
import { containerTooltip, escapeMarkdown } from '../../../src/extension/views/tooltips';
import { container, now } from './explorerFixtures';

describe('container tooltips', () => {
  const c = container({
    health: 'healthy',
    ports: [
      { privatePort: 80, publicPort: 8080, type: 'tcp', ip: '0.0.0.0' },
      { privatePort: 81, publicPort: 8081, type: 'tcp', ip: '10.0.0.2' },
    ],
    networks: [{ name: 'back', networkId: 'n1', ipv4: '172.18.0.2', ipv4PrefixLength: 16, ipv6: 'fd00::2' }],
    mounts: [
      {
        type: 'volume',
        name: 'data',
        source: '/var/lib/docker/volumes/data/_data',
        destination: '/data',
        readOnly: true,
      },
      { type: 'bind', source: '/src', destination: '/app', readOnly: false },
    ],
    labels: { 'com.docker.compose.project': 'shop', z: 'last' },
  });

  it('lists ports as links when reachable on loopback, then networks, mounts and labels', () => {
    const md = containerTooltip(c, now);
    assert.match(md, /^\*\*web\*\* `abc123def456`/);
    assert.match(md, /State: running \(healthy\)/);
    assert.match(md, /- \[0\.0\.0\.0:8080→80\]\(http:\/\/127\.0\.0\.1:8080\)/);
    assert.match(md, /- 10\.0\.0\.2:8081→81$/m);
    assert.match(md, /- back: 172\.18\.0\.2\/16, fd00::2/);
    assert.match(md, /- volume `data` → `\/data` \(read-only\)/);
    assert.match(md, /- bind `\/src` → `\/app`$/m);
    assert.ok(md.indexOf('com.docker.compose.project') < md.indexOf('`z`'));
    assert.ok(md.indexOf('**Ports**') < md.indexOf('**Networks**'));
    assert.ok(md.indexOf('**Networks**') < md.indexOf('**Mounts**'));
    assert.ok(md.indexOf('**Mounts**') < md.indexOf('**Labels**'));
  });

  it('leaves out empty sections and escapes what markdown would read', () => {
    const md = containerTooltip(container({ name: 'a_[b]', command: 'echo `x`' }), now);
    assert.ok(!md.includes('**Ports**'));
    assert.ok(!md.includes('**Labels**'));
    assert.match(md, /\*\*a\\_\\\[b\\\]\*\*/);
    assert.match(md, /`` echo `x` ``/);
    assert.equal(escapeMarkdown('[x](y) *z*'), '\\[x\\](y) \\*z\\*');
  });

  it('caps long label lists', () => {
    const labels: Record<string, string> = {};
    for (let i = 0; i < 40; i++) labels[`k${String(i).padStart(2, '0')}`] = 'v';
    const md = containerTooltip(container({ labels }), now);
    assert.match(md, /… and 10 more/);
    assert.ok(!md.includes('k35'));
  });

  it('translates headings through the given function', () => {
    const md = containerTooltip(c, now, (m) => `<${m}>`);
    assert.match(md, /\*\*<Ports>\*\*/);
  });
});
