import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadComposeProject, serviceEnabled } from '../../../src/extension/compose/composeFile';
import {
  composeFilesIn,
  labelConfigFiles,
  looksLikeComposeFile,
  normalizeProjectName,
  projectNameFrom,
} from '../../../src/extension/compose/projectName';

/** An in-memory folder tree: absolute path → text. */
function reader(files: Record<string, string>): (file: string) => Promise<string | undefined> {
  return (file) => Promise.resolve(files[path.resolve(file)]);
}

const root = path.resolve('/work/My App');
const at = (name: string): string => path.join(root, name);

async function load(
  files: Record<string, string>,
  env: Record<string, string> = {},
  main: string[] = ['compose.yaml'],
): ReturnType<typeof loadComposeProject> {
  const absolute = Object.fromEntries(Object.entries(files).map(([k, v]) => [at(k), v]));
  return loadComposeProject({ files: main.map(at), env, read: reader(absolute) });
}

describe('Compose files', () => {
  it('lists services with their profiles, image and build, and every profile', async () => {
    const project = await load({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx',
        '  debug:',
        '    build: .',
        '    profiles: [tools, debug]',
        '  worker:',
        '    image: app',
        '    deploy: { replicas: 3 }',
        '    profiles: ["tools"]',
      ].join('\n'),
    });
    assert.deepEqual(project.errors, []);
    assert.deepEqual(
      project.services.map((s) => [s.name, s.profiles, s.image ?? '', s.build, s.replicas ?? 0]),
      [
        ['debug', ['debug', 'tools'], '', true, 0],
        ['web', [], 'nginx', false, 0],
        ['worker', ['tools'], 'app', false, 3],
      ],
    );
    assert.deepEqual(project.profiles, ['debug', 'tools']);
    assert.equal(project.name, 'myapp');
    assert.equal(project.workingDir, root);
  });

  it('takes the name from COMPOSE_PROJECT_NAME over the name key over the folder', async () => {
    const files = { 'compose.yaml': 'name: From-File\nservices: {a: {image: x}}' };
    assert.equal((await load(files)).name, 'from-file');
    assert.equal((await load(files, { COMPOSE_PROJECT_NAME: 'Env_Name' })).name, 'env_name');
    assert.equal((await load({ ...files, '.env': 'COMPOSE_PROJECT_NAME=dotenv' })).name, 'dotenv');
    assert.equal(normalizeProjectName('_My.App-2!'), 'myapp-2');
    assert.equal(projectNameFrom(undefined, undefined, '/x/.__'), 'default');
  });

  it('decides services by interpolated profiles, with .env under the process environment', async () => {
    const files = {
      '.env': 'TOOLS=dev\nTAG=1.0\nCOMPOSE_PROFILES=dev',
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: "app:${TAG}"',
        '    profiles: ["${TOOLS:-none}"]',
        '  cost:',
        '    image: "x"',
        '    command: echo $$HOME',
        '  req:',
        '    image: "${NEEDED:?set NEEDED}"',
      ].join('\n'),
    };
    const fromDotenv = await load(files);
    assert.deepEqual(fromDotenv.services.find((s) => s.name === 'app')?.profiles, ['dev']);
    assert.equal(fromDotenv.services.find((s) => s.name === 'app')?.image, 'app:1.0');
    assert.deepEqual(fromDotenv.activeProfiles, ['dev']);
    assert.equal(fromDotenv.errors.length, 1);
    assert.match(
      fromDotenv.errors[0] ?? '',
      /services\.req\.image: Required variable NEEDED is missing a value: set NEEDED/,
    );
    const fromEnv = await load(files, { TOOLS: 'ops', NEEDED: 'y', COMPOSE_PROFILES: 'a, b' });
    assert.deepEqual(fromEnv.services.find((s) => s.name === 'app')?.profiles, ['ops']);
    assert.deepEqual(fromEnv.errors, []);
    assert.deepEqual(fromEnv.activeProfiles, ['a', 'b']);
  });

  it('merges several files in order, the override adding services and profiles', async () => {
    const project = await load(
      {
        'compose.yaml': 'services:\n  web:\n    image: a\n',
        'compose.override.yaml': 'services:\n  web:\n    profiles: [extra]\n  more:\n    image: b\n',
      },
      {},
      ['compose.yaml', 'compose.override.yaml'],
    );
    assert.deepEqual(
      project.services.map((s) => [s.name, s.image, s.profiles, s.files.map((f) => path.basename(f))]),
      [
        ['more', 'b', [], ['compose.override.yaml']],
        ['web', 'a', ['extra'], ['compose.yaml', 'compose.override.yaml']],
      ],
    );
  });

  it('resolves extends in the same file and in another, profiles inherited', async () => {
    const project = await load({
      'compose.yaml': [
        'services:',
        '  base:',
        '    image: base',
        '    profiles: [p1]',
        '  child:',
        '    extends: base',
        '  remote:',
        '    extends:',
        '      file: common/services.yml',
        '      service: shared',
        '  broken:',
        '    extends: { service: nowhere }',
      ].join('\n'),
      'common/services.yml':
        'services:\n  shared:\n    extends: inner\n    build: .\n  inner:\n    image: inner\n    profiles: [p2]\n',
    });
    const byName = new Map(project.services.map((s) => [s.name, s]));
    assert.deepEqual(byName.get('child')?.profiles, ['p1']);
    assert.equal(byName.get('child')?.image, 'base');
    assert.deepEqual(byName.get('remote')?.profiles, ['p2']);
    assert.equal(byName.get('remote')?.image, 'inner');
    assert.equal(byName.get('remote')?.build, true);
    assert.ok(byName.has('broken'));
    assert.equal(project.errors.length, 1);
    assert.match(project.errors[0] ?? '', /"broken" extends "nowhere"/);
  });

  it('reports an extends cycle instead of looping', async () => {
    const project = await load({
      'compose.yaml': 'services:\n  a: {extends: b}\n  b: {extends: a}\n',
    });
    assert.ok(
      project.errors.some((e) => /extends itself/.test(e)),
      project.errors.join('\n'),
    );
  });

  it('includes other files with their own .env, and reports conflicts and cycles', async () => {
    const project = await load({
      'compose.yaml': [
        'include:',
        '  - db/compose.yaml',
        '  - path: [tools/a.yml, tools/b.yml]',
        '    env_file: tools.env',
        'services:',
        '  web: {image: w}',
      ].join('\n'),
      'db/compose.yaml': 'services:\n  db:\n    image: "pg:${PG:-16}"\n',
      'db/.env': 'PG=15',
      'tools.env': 'TP=admin',
      'tools/a.yml': 'services:\n  adminer:\n    image: a\n    profiles: ["${TP}"]\n',
      'tools/b.yml': 'services:\n  adminer:\n    build: .\n  web: {image: again}\n',
    });
    const byName = new Map(project.services.map((s) => [s.name, s]));
    assert.deepEqual([...byName.keys()], ['adminer', 'db', 'web']);
    assert.equal(byName.get('db')?.image, 'pg:15');
    assert.deepEqual(byName.get('adminer')?.profiles, ['admin']);
    assert.equal(byName.get('adminer')?.build, true);
    assert.equal(byName.get('web')?.image, 'w');
    assert.ok(project.errors.some((e) => /"web" is defined both here and in an included file/.test(e)));
    const cyclic = await load({
      'compose.yaml': 'include: [other.yaml]\nservices: {a: {image: a}}',
      'other.yaml': 'include: [compose.yaml]\nservices: {b: {image: b}}',
    });
    assert.ok(
      cyclic.errors.some((e) => /cycle/.test(e)),
      cyclic.errors.join('\n'),
    );
    assert.deepEqual(
      cyclic.services.map((s) => s.name),
      ['a', 'b'],
    );
  });

  it('honours YAML anchors and merge keys', async () => {
    const project = await load({
      'compose.yaml': [
        'x-common: &common',
        '  image: shared',
        '  profiles: [batch]',
        'services:',
        '  one:',
        '    <<: *common',
        '  two:',
        '    <<: *common',
        '    profiles: []',
      ].join('\n'),
    });
    assert.deepEqual(
      project.services.map((s) => [s.name, s.image, s.profiles]),
      [
        ['one', 'shared', ['batch']],
        ['two', 'shared', []],
      ],
    );
  });

  it('turns unreadable, invalid and empty files into messages', async () => {
    assert.match((await load({}, {})).errors[0] ?? '', /cannot be read/);
    assert.equal((await load({ 'compose.yaml': 'services: [a' })).errors.length, 1);
    assert.match((await load({ 'compose.yaml': '- a' })).errors[0] ?? '', /not a mapping/);
    const empty = await load({ 'compose.yaml': '' });
    assert.deepEqual([empty.errors, empty.services], [[], []]);
  });

  it('enables services by profile', () => {
    const s = { name: 'a', profiles: ['x'], build: false, files: [] };
    assert.equal(serviceEnabled(s, []), false);
    assert.equal(serviceEnabled(s, ['x']), true);
    assert.equal(serviceEnabled(s, ['*']), true);
    assert.equal(serviceEnabled({ ...s, profiles: [] }, []), true);
  });

  it('finds the files Compose reads on its own, and recognises compose file names', () => {
    const names = new Set(['docker-compose.yml', 'compose.yaml', 'docker-compose.override.yml']);
    assert.deepEqual(composeFilesIn('/p', names), [
      path.join('/p', 'compose.yaml'),
      path.join('/p', 'docker-compose.override.yml'),
    ]);
    assert.deepEqual(composeFilesIn('/p', new Set(['compose.override.yaml'])), []);
    assert.ok(looksLikeComposeFile('/a/docker-compose.prod.yml'));
    assert.ok(looksLikeComposeFile('compose.yaml'));
    assert.ok(!looksLikeComposeFile('composer.yaml'));
    assert.deepEqual(labelConfigFiles('/a/compose.yaml,override.yml', '/a'), [
      '/a/compose.yaml',
      path.resolve('/a', 'override.yml'),
    ]);
    assert.deepEqual(labelConfigFiles('', '/a'), []);
  });

  it('offers the Compose menu of the editor title and the explorer on the files it recognises', () => {
    const menus = (
      JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as {
        contributes: { menus: Record<string, { submenu?: string; when?: string }[]> };
      }
    ).contributes.menus;
    for (const place of ['editor/title', 'explorer/context']) {
      const entry = menus[place]?.find((e) => e.submenu === 'dockwright.compose.file');
      const pattern = /resourceFilename =~ \/(.+)\/$/.exec(entry?.when ?? '')?.[1];
      assert.ok(pattern, `${place} shows the Compose menu for some file names`);
      const re = new RegExp(pattern);
      const names = [
        'compose.yaml',
        'compose.yml',
        'docker-compose.yml',
        'docker-compose.prod.yaml',
        'compose.override.yml',
        'composer.yaml',
        'compose.json',
        'my-compose.yaml',
      ];
      for (const name of names) {
        assert.equal(re.test(name), looksLikeComposeFile(`/p/${name}`), `${place}: ${name}`);
      }
    }
  });
});
