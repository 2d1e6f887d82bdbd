import * as assert from 'node:assert/strict';
import {
  flagSpec,
  flagsOf,
  INSTRUCTION_FLAGS,
  MOUNT_KEYS,
  MOUNT_OPTIONS,
  MOUNT_TYPES,
  mountOption,
} from '../../../src/server/syntax/flags';

describe('flag table', () => {
  it('lists the flags of each instruction', () => {
    assert.deepEqual(
      flagsOf('COPY').map((flag) => flag.name),
      ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'],
    );
    assert.deepEqual(
      flagsOf('add').map((flag) => flag.name),
      ['keep-git-dir', 'checksum', 'chown', 'chmod', 'link', 'unpack', 'exclude'],
    );
    assert.deepEqual(
      flagsOf('RUN').map((flag) => flag.name),
      ['mount', 'network', 'security', 'device'],
    );
    assert.deepEqual(
      flagsOf('HEALTHCHECK').map((flag) => flag.name),
      ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
    );
    assert.deepEqual(flagsOf('ENV'), []);
    assert.deepEqual(flagsOf('NOPE'), []);
  });

  it('describes kinds, values, repetition and versions', () => {
    assert.equal(flagSpec('RUN', 'mount')?.kind, 'mount');
    assert.equal(flagSpec('RUN', 'mount')?.repeatable, true);
    assert.deepEqual(flagSpec('RUN', 'network')?.values, ['default', 'none', 'host']);
    assert.equal(flagSpec('RUN', 'network')?.repeatable, false);
    assert.equal(flagSpec('COPY', 'link')?.kind, 'bool');
    assert.equal(flagSpec('COPY', 'link')?.since, '1.4');
    assert.equal(flagSpec('COPY', 'exclude')?.repeatable, true);
    assert.equal(flagSpec('RUN', 'device')?.since, '1.27');
    assert.equal(flagSpec('HEALTHCHECK', 'interval')?.kind, 'duration');
    assert.equal(flagSpec('HEALTHCHECK', 'retries')?.kind, 'int');
    assert.equal(flagSpec('COPY', 'checksum'), undefined);
  });

  it('has a one-line doc for every flag and well-formed versions', () => {
    for (const [keyword, flags] of Object.entries(INSTRUCTION_FLAGS)) {
      const names = new Set<string>();
      for (const flag of flags) {
        assert.ok(flag.doc.length > 10 && !flag.doc.includes('\n'), `${keyword} --${flag.name}`);
        assert.ok(!names.has(flag.name), `duplicate ${keyword} --${flag.name}`);
        names.add(flag.name);
        for (const version of [flag.since, flag.labsSince]) {
          if (version !== undefined) assert.match(version, /^1\.\d+$/);
        }
      }
    }
  });

  it('knows the --mount keys, aliases and types', () => {
    assert.deepEqual([...MOUNT_TYPES], ['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    assert.equal(mountOption('DST')?.keys[0], 'target');
    assert.equal(mountOption('ro')?.bare, true);
    assert.equal(mountOption('nope'), undefined);
    for (const key of ['type', 'from', 'source', 'src', 'target', 'dst', 'destination', 'readonly', 'ro']) {
      assert.ok(MOUNT_KEYS.includes(key), key);
    }
    for (const key of ['rw', 'readwrite', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'env']) {
      assert.ok(MOUNT_KEYS.includes(key), key);
    }
    assert.equal(new Set(MOUNT_KEYS).size, MOUNT_KEYS.length);
    for (const option of MOUNT_OPTIONS) assert.ok(option.doc.length > 5);
  });
});
