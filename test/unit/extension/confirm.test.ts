import * as assert from 'node:assert/strict';
import {
  containerNameProblem,
  nameList,
  parseLabels,
  parseReference,
  pruneContainersQuestion,
  pruneImagesQuestion,
  removeContainersQuestion,
  removeImagesQuestion,
  removeVolumesQuestion,
  subnetProblem,
  systemPruneQuestion,
} from '../../../src/extension/commands/confirm';
import type { Target } from '../../../src/extension/commands/pick';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const containers = (...labels: string[]): Target[] =>
  labels.map((label) => ({ type: 'container', daemonId: 'primary', id: label, label }));

describe('resource command confirmations and input checks', () => {
  it('lists names, and cuts long lists with a count', () => {
    assert.equal(nameList(['a'], t), '"a"');
    assert.equal(nameList(['a', 'b', 'c'], t), '"a", "b" and "c"');
    const many = Array.from({ length: 20 }, (_, i) => `c${i}`);
    assert.match(nameList(many, t), /"c14" and 5 more$/);
  });

  it('container removal names every container; volumes and force are never the first choice', () => {
    const stopped = removeContainersQuestion(containers('web', 'db'), [], t);
    assert.equal(stopped.message, 'Remove 2 containers: "web" and "db"?');
    assert.deepEqual(stopped.buttons, ['Remove', 'Remove with Anonymous Volumes']);
    assert.match(stopped.detail, /Anonymous volumes are kept unless you choose/);

    const running = removeContainersQuestion(containers('web'), ['web'], t);
    assert.equal(running.message, 'Remove the container "web"?');
    assert.deepEqual(running.buttons, ['Remove', 'Remove with Anonymous Volumes', 'Force Remove Running']);
    assert.match(running.detail, /"web" is running: only "Force Remove Running"/);
  });

  it('prune and volume questions say how many and that data is lost', () => {
    const prune = pruneContainersQuestion(['a', 'b', 'c'], t);
    assert.equal(prune.message, 'Remove 3 stopped containers?');
    assert.match(prune.detail, /"a", "b" and "c"/);
    assert.doesNotMatch(prune.detail, /freed/);
    assert.match(pruneContainersQuestion(['a'], t, 2_500_000).detail, /take 2\.50 MB, which is freed/);
    assert.match(removeVolumesQuestion(['data'], t).detail, /data in them is lost/);
  });

  it('image prune says how many images go and names them', () => {
    const dangling = pruneImagesQuestion(false, ['0123456789ab', 'ba9876543210'], t);
    assert.equal(dangling.message, 'Remove 2 dangling images?');
    assert.match(dangling.detail, /"0123456789ab" and "ba9876543210"/);
    const all = pruneImagesQuestion(true, ['app:1, app:latest', '0123456789ab'], t);
    assert.equal(all.message, 'Remove 2 images no container uses?');
    assert.match(all.detail, /tagged or not: "app:1, app:latest" and "0123456789ab"/);
    assert.deepEqual(all.buttons, ['Remove Images']);
  });

  it('image removal says which images containers use, and offers force only then', () => {
    const unused = removeImagesQuestion(['app:1'], new Map(), t);
    assert.deepEqual(unused.buttons, ['Remove']);
    const used = removeImagesQuestion(['app:1'], new Map([['app:1', ['web (running)']]]), t);
    assert.deepEqual(used.buttons, ['Remove', 'Force Remove']);
    assert.match(used.detail, /"app:1" is used by "web \(running\)"/);
  });

  it('system prune lists what goes and keeps volumes unless the second button is chosen', () => {
    const q = systemPruneQuestion(
      { stoppedContainers: 2, unusedNetworks: 1, danglingImages: 3, unusedVolumes: 4 },
      t,
    );
    assert.deepEqual(q.buttons, ['Prune', 'Prune Including Volumes']);
    assert.equal(q.withVolumes, 'Prune Including Volumes');
    assert.match(q.detail, /2 stopped containers/);
    assert.match(q.detail, /1 networks/);
    assert.match(q.detail, /3 dangling images/);
    assert.match(q.detail, /Volumes are kept\. .* 4 volumes/);
  });

  it('checks container names as the Engine does', () => {
    assert.equal(containerNameProblem('web-1', t), undefined);
    assert.equal(containerNameProblem('/web_1.a', t), undefined);
    assert.ok(containerNameProblem('', t));
    assert.ok(containerNameProblem('a', t), 'one character is too short');
    assert.ok(containerNameProblem('-web', t));
    assert.ok(containerNameProblem('we b', t));
  });

  it('parses and checks image references', () => {
    const ok = (text: string): unknown => {
      const r = parseReference(text, t);
      return 'reference' in r ? r.reference : r.problem;
    };
    assert.deepEqual(ok('app'), { repository: 'app', tag: 'latest' });
    assert.deepEqual(ok('team/app:1.2-rc_1'), { repository: 'team/app', tag: '1.2-rc_1' });
    assert.deepEqual(ok('127.0.0.1:5000/team/app:v1'), { repository: '127.0.0.1:5000/team/app', tag: 'v1' });
    assert.deepEqual(ok('localhost/app'), { repository: 'localhost/app', tag: 'latest' });
    assert.deepEqual(ok('Registry.Example.com/a__b/c---d'), {
      repository: 'Registry.Example.com/a__b/c---d',
      tag: 'latest',
    });
    assert.match(String(ok('App:1')), /must be lowercase/);
    assert.match(String(ok('app:')), /tag "" is not valid/);
    assert.match(String(ok('app:-x')), /tag "-x" is not valid/);
    assert.match(String(ok('app@sha256:abc')), /digest/);
    assert.match(String(ok('a..b')), /not valid/);
    assert.match(String(ok('a/_b')), /not valid/);
    assert.match(String(ok('bad_host:99999999/x')), /registry host/);
    assert.match(String(ok('')), /Enter an image name/);
  });

  it('checks long hostile references in linear time', () => {
    const hostile = `${'a-'.repeat(50_000)}!`;
    const started = process.hrtime.bigint();
    assert.ok('problem' in parseReference(hostile, t));
    // A catastrophic pattern would take seconds or more here.
    assert.ok(process.hrtime.bigint() - started < 2_000_000_000n);
  });

  it('checks subnets and parses labels', () => {
    assert.equal(subnetProblem('', t), undefined);
    assert.equal(subnetProblem('172.28.0.0/16', t), undefined);
    assert.equal(subnetProblem('fd00:1::/64', t), undefined);
    assert.ok(subnetProblem('172.28.0.0', t));
    assert.ok(subnetProblem('300.1.1.1/8', t));
    assert.ok(subnetProblem('10.0.0.0/33', t));
    assert.deepEqual(parseLabels('a=1, b = two ,c'), { a: '1', b: 'two', c: '' });
    assert.equal(parseLabels('=x'), undefined);
  });
});
