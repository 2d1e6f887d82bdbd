import * as assert from 'node:assert/strict';
import { parseHadolintConfig } from '../../../src/server/rules/hadolint/config';
import { parsePragma } from '../../../src/server/rules/hadolint/pragmas';

describe('hadolint pragmas', () => {
  it('reads ignore pragmas with scopes, spaces and trailing comments', () => {
    assert.deepEqual(parsePragma('# hadolint ignore=DL3008,SC2086'), {
      kind: 'ignore',
      scope: 'next',
      codes: ['DL3008', 'SC2086'],
    });
    assert.deepEqual(parsePragma('# hadolint global ignore = DL3023 , DL3021'), {
      kind: 'ignore',
      scope: 'global',
      codes: ['DL3023', 'DL3021'],
    });
    assert.deepEqual(parsePragma('#hadolint stage ignore=DL3011 # why'), {
      kind: 'ignore',
      scope: 'stage',
      codes: ['DL3011'],
    });
    assert.deepEqual(parsePragma('# hadolint shell=powershell # foobar'), {
      kind: 'shell',
      shell: 'powershell',
    });
  });

  it('rejects malformed pragmas and ordinary comments', () => {
    assert.equal(parsePragma('# hadolint ignore=crazy,DL3002'), undefined);
    assert.equal(parsePragma('# install hadolint ignore=DL3002'), undefined);
    assert.equal(parsePragma('# hadolint'), undefined);
  });
});

describe('.hadolint.yaml', () => {
  it('reads every supported key', () => {
    const { config, problems } = parseHadolintConfig(
      [
        'ignored: [DL3008]',
        'override:',
        '  error: [DL3001]',
        '  info: [DL3032]',
        'trustedRegistries: [docker.io, my.registry:5000]',
        'label-schema:',
        '  author: text',
        '  url: url',
        'strict-labels: true',
      ].join('\n'),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.ignored, ['DL3008']);
    assert.deepEqual(config.override, { DL3001: 'error', DL3032: 'info' });
    assert.deepEqual(config.trustedRegistries, ['docker.io', 'my.registry:5000']);
    assert.deepEqual(config.labelSchema, { author: 'text', url: 'url' });
    assert.equal(config.strictLabels, true);
  });

  it('reports bad files without throwing', () => {
    assert.match(parseHadolintConfig('ignored: [').problems[0], /invalid YAML/);
    assert.deepEqual(parseHadolintConfig('ignored: 3').problems, ['"ignored" must be a list of strings']);
    assert.deepEqual(parseHadolintConfig('').config.ignored, []);
  });
});
