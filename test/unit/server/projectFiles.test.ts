import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProjectFileCache, userHadolintConfigs } from '../../../src/server/projectFiles';

describe('project files (.hadolint.yaml, .dockerignore)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dockwright-project-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('looks for hadolint config in XDG, ~/.hadolint and the home folder, in that order', () => {
    assert.deepEqual(userHadolintConfigs({ XDG_CONFIG_HOME: '/x' }, '/h').slice(0, 3), [
      '/x/hadolint.yaml',
      '/x/hadolint.yml',
      '/h/.hadolint/hadolint.yaml',
    ]);
    assert.equal(userHadolintConfigs({}, '/h')[0], '/h/.config/hadolint.yaml');
  });

  it('prefers the nearest project config, stops at the workspace folder, then falls back to the user config', async () => {
    const workspace = join(dir, 'ws');
    const service = join(workspace, 'svc');
    mkdirSync(service, { recursive: true });
    const user = join(dir, 'user-hadolint.yaml');
    writeFileSync(user, 'ignored: [DL3000]\n');
    writeFileSync(join(dir, '.hadolint.yaml'), 'ignored: [DL9999]\n'); // outside the workspace
    const cache = new ProjectFileCache([user]);
    cache.setRoots([pathToFileURL(workspace).toString()]);
    const dockerfile = pathToFileURL(join(service, 'Dockerfile')).toString();
    assert.deepEqual((await cache.forDocument(dockerfile)).hadolint.ignored, ['DL3000']);

    writeFileSync(join(workspace, '.hadolint.yml'), 'ignored: [DL3006]\n');
    writeFileSync(join(service, 'Dockerfile.dockerignore'), 'secret\n');
    cache.clear();
    const files = await cache.forDocument(dockerfile);
    assert.deepEqual(files.hadolint.ignored, ['DL3006']);
    assert.equal(files.hadolintSource, join(workspace, '.hadolint.yml'));
    assert.equal(files.dockerignore, 'secret\n');
  });

  it('gives defaults to documents that are not files', async () => {
    const files = await new ProjectFileCache([]).forDocument('untitled:Untitled-1');
    assert.deepEqual(files.hadolint.ignored, []);
    assert.equal(files.dockerignore, undefined);
  });
});
