import * as assert from 'node:assert/strict';
import { familiarName, parseImageReference } from '../../../src/server/semantics/imageReference';

describe('image references', () => {
  it('defaults to Docker Hub and its library namespace', () => {
    const ref = parseImageReference('debian');
    assert.ok(ref);
    assert.equal(ref.registry, 'docker.io');
    assert.equal(ref.registryExplicit, false);
    assert.equal(ref.path, 'debian');
    assert.equal(ref.repository, 'library/debian');
    assert.equal(ref.tag, undefined);
    assert.equal(ref.digest, undefined);
    assert.deepEqual(ref.problems, []);
    assert.equal(familiarName(ref), 'debian');
  });

  it('keeps user namespaces on Docker Hub', () => {
    const ref = parseImageReference('zemanlx/ubuntu:18.04');
    assert.equal(ref?.registry, 'docker.io');
    assert.equal(ref?.repository, 'zemanlx/ubuntu');
    assert.equal(ref?.tag, '18.04');
  });

  it('reads a registry from a first component with a dot, a port or localhost', () => {
    assert.equal(parseImageReference('random.com/debian')?.registry, 'random.com');
    assert.equal(parseImageReference('docker.io/zemanlx/ubuntu:18.04')?.registryExplicit, true);
    const local = parseImageReference('localhost:5000/team/app:1.2@sha256:' + 'a'.repeat(64));
    assert.equal(local?.registry, 'localhost:5000');
    assert.equal(local?.path, 'team/app');
    assert.equal(local?.tag, '1.2');
    assert.equal(local?.digest, 'sha256:' + 'a'.repeat(64));
    assert.deepEqual(local?.problems, []);
    assert.equal(parseImageReference('localhost/app')?.registry, 'localhost');
    assert.equal(parseImageReference('Registry/app')?.registry, 'Registry');
  });

  it('tells a port from a tag', () => {
    const ref = parseImageReference('registry.example.com:443/app');
    assert.equal(ref?.registry, 'registry.example.com:443');
    assert.equal(ref?.tag, undefined);
    assert.equal(parseImageReference('app:443')?.tag, '443');
  });

  it('reads digests, with a tag or without', () => {
    const digest = 'sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb';
    const ref = parseImageReference(`hub.docker.io/debian:latest@${digest}`);
    assert.equal(ref?.tag, 'latest');
    assert.equal(ref?.digest, digest);
    assert.equal(parseImageReference(`debian@${digest}`)?.tag, undefined);
  });

  it('flags a short digest but still reads it', () => {
    const ref = parseImageReference('ruby@sha256:f1dbca0f5dbc9');
    assert.equal(ref?.digest, 'sha256:f1dbca0f5dbc9');
    assert.equal(ref?.problems.length, 1);
  });

  it('flags names that break the grammar', () => {
    assert.match(parseImageReference('Debian')?.problems[0] ?? '', /lowercase/);
    assert.match(parseImageReference('debian:-bad')?.problems[0] ?? '', /tag/);
    assert.match(parseImageReference('a..b/app')?.problems[0] ?? '', /registry/);
    assert.match(parseImageReference('app__-x')?.problems[0] ?? '', /repository/);
    assert.match(parseImageReference('app@nodigest')?.problems[0] ?? '', /digest/);
  });

  it('knows scratch', () => {
    assert.equal(parseImageReference('scratch')?.scratch, true);
    assert.equal(parseImageReference('scratch:1')?.scratch, false);
    assert.equal(parseImageReference('example.com/scratch')?.scratch, false);
  });

  it('leaves variables unresolved and flags them', () => {
    const whole = parseImageReference('$IMAGE');
    assert.equal(whole?.variables, true);
    assert.equal(whole?.registry, '');
    assert.deepEqual(whole?.problems, []);
    const parts = parseImageReference('${REGISTRY}/app:${TAG:-latest}');
    assert.equal(parts?.variables, true);
    assert.equal(parts?.registry, '');
    assert.equal(parts?.path, '${REGISTRY}/app');
    assert.equal(parts?.tag, '${TAG:-latest}');
    const tagOnly = parseImageReference('node:${NODE_VERSION}');
    assert.equal(tagOnly?.registry, 'docker.io');
    assert.equal(tagOnly?.path, 'node');
    assert.equal(tagOnly?.tag, '${NODE_VERSION}');
  });

  it('answers undefined for empty text and never throws', () => {
    assert.equal(parseImageReference(''), undefined);
    assert.equal(parseImageReference('   '), undefined);
    for (const text of ['@', ':', '/', '::', '/@:', '${', '$}', 'a/'.repeat(50), '[::1]:5000/app']) {
      assert.doesNotThrow(() => parseImageReference(text));
    }
    assert.equal(parseImageReference('[::1]:5000/app')?.registry, '[::1]:5000');
  });

  it('reads long input', () => {
    const long = 'a'.repeat(200_000) + '!';
    assert.equal(parseImageReference(`${long}.com/${long}:${long}`)?.problems.length, 3);
    assert.equal(parseImageReference('${' + long)?.variables, true);
  });
});
