import * as assert from 'node:assert/strict';
import type { ComposeProjectDefinition } from '../../../src/extension/compose/composeFile';
import { buildProjects, servicesInProfile, stateOf } from '../../../src/extension/compose/composeProjects';
import {
  downQuestion,
  noToolMessage,
  replicasProblem,
  targetLabel,
} from '../../../src/extension/compose/composeQuestions';
import type { ComposeTool } from '../../../src/extension/compose/composeCommand';
import { composeCommandLine } from '../../../src/extension/compose/composeCommand';
import {
  composeTargetOf,
  profilePart,
  servicesPart,
  wholeProject,
} from '../../../src/extension/compose/composeTarget';
import { serviceLocations } from '../../../src/extension/compose/serviceLocations';
import { plainText } from '../../../src/extension/terminals/enginePty';
import { LinePrefixer, linePrefixes } from '../../../src/extension/terminals/projectLogsTerminal';
import { profileRow, projectRow, serviceRow } from '../../../src/extension/views/composeRows';
import { container } from './explorerFixtures';

const definition: ComposeProjectDefinition = {
  name: 'shop',
  workingDir: '/p',
  files: ['/p/compose.yaml'],
  allFiles: ['/p/compose.yaml'],
  services: [
    { name: 'db', profiles: [], build: false, files: ['/p/compose.yaml'] },
    { name: 'debug', profiles: ['tools'], build: false, files: ['/p/compose.yaml'] },
    { name: 'web', profiles: [], build: false, files: ['/p/compose.yaml'] },
  ],
  profiles: ['tools'],
  activeProfiles: [],
  errors: [],
};

const labelled = (
  project: string,
  service: string,
  n: string,
  state = 'running',
): ReturnType<typeof container> =>
  container({
    id: `${project}-${service}-${n}`,
    name: `${project}-${service}-${n}`,
    state,
    labels: {
      'com.docker.compose.project': project,
      'com.docker.compose.service': service,
      'com.docker.compose.container-number': n,
      'com.docker.compose.project.config_files': '/elsewhere/compose.yml',
      'com.docker.compose.project.working_dir': '/elsewhere',
    },
  });

describe('Compose view model', () => {
  const containers = [
    labelled('shop', 'web', '2'),
    labelled('shop', 'web', '1'),
    labelled('shop', 'db', '1', 'exited'),
    labelled('shop', 'old', '1', 'exited'),
    labelled('blog', 'app', '1'),
    container({ id: 'plain' }),
  ];
  const projects = buildProjects([definition], containers);

  it('merges files and labels: defined services without containers, label-only services and projects', () => {
    assert.deepEqual(
      projects.map((p) => [p.name, p.definition !== undefined, p.containers.length]),
      [
        ['blog', false, 1],
        ['shop', true, 4],
      ],
    );
    const shop = projects[1];
    assert.ok(shop !== undefined);
    assert.deepEqual(
      shop.services.map((s) => [s.name, s.defined, s.profiles, s.containers.map((c) => c.id)]),
      [
        ['db', true, [], ['shop-db-1']],
        ['debug', true, ['tools'], []],
        ['old', false, [], ['shop-old-1']],
        ['web', true, [], ['shop-web-1', 'shop-web-2']],
      ],
    );
    assert.deepEqual(
      servicesInProfile(shop, 'tools').map((s) => s.name),
      ['debug'],
    );
    assert.deepEqual(
      servicesInProfile(shop, '').map((s) => s.name),
      ['db', 'old', 'web'],
    );
    assert.deepEqual(projects[0]?.labelFiles, ['/elsewhere/compose.yml']);
    assert.equal(projects[0]?.labelWorkingDir, '/elsewhere');
  });

  it('describes projects, profiles and services with their state', () => {
    const shop = projects[1];
    assert.ok(shop !== undefined);
    const row = projectRow('d', shop, plainText);
    assert.equal(row.description, '2/4 running');
    assert.equal(row.contextValue, 'composeProject.partial.file');
    assert.equal(projectRow('d', projects[0], plainText).description, '1/1 running · no compose file here');
    assert.equal(profileRow('d', shop, 'tools', plainText).description, 'profile · not running');
    const debug = shop.services.find((s) => s.name === 'debug')!;
    const debugRow = serviceRow('d', shop, debug, 'tools', plainText);
    assert.equal(debugRow.description, 'not running · profile tools');
    assert.equal(debugRow.contextValue, 'composeService.none');
    assert.equal(debugRow.id, 'composeService:d:shop/tools/debug');
    const old = shop.services.find((s) => s.name === 'old')!;
    assert.equal(
      serviceRow('d', shop, old, '', plainText).description,
      'not running · not in the compose file',
    );
    assert.equal(stateOf([]), 'none');
  });

  it('finds where each service key is in the text', () => {
    const text = 'x: 1\nservices:\n  web:\n    image: a\n  "db": {image: b}\n';
    const found = serviceLocations(text);
    assert.deepEqual(
      found.map((l) => [l.name, text.slice(l.start, l.end)]),
      [
        ['web', 'web'],
        ['db', '"db"'],
      ],
    );
    assert.deepEqual(serviceLocations('services: [a'), []);
    assert.deepEqual(serviceLocations('- a'), []);
  });

  it('prefixes every line of interleaved log text, across pieces', () => {
    const [web, db] = linePrefixes(['web', 'db-1']);
    assert.equal(web, '\x1b[36mweb  |\x1b[39m ');
    assert.equal(db, '\x1b[33mdb-1 |\x1b[39m ');
    const p = new LinePrefixer('W ');
    assert.equal(p.push('one\ntw'), 'W one\r\nW tw');
    assert.equal(p.midLine, true);
    assert.equal(p.push('o\r\n\nthree'), 'o\r\n\r\nW three');
    const red = new LinePrefixer('E ', (s) => `<${s}>`);
    assert.equal(red.push('bad\n'), 'E <bad>\r\n');
  });
});

describe('Compose action words', () => {
  it('names the target and says what Down removes, volumes only when chosen', () => {
    const whole = { project: 'shop', services: [], whole: true };
    assert.equal(targetLabel(whole, plainText), 'project "shop"');
    assert.equal(
      targetLabel({ project: 'shop', profile: 'tools', services: ['a'], whole: false }, plainText),
      'profile "tools" of "shop"',
    );
    assert.equal(
      targetLabel({ project: 'shop', services: ['a', 'b'], whole: false }, plainText),
      'services a, b of "shop"',
    );
    const q = downQuestion(whole, 3, plainText);
    assert.equal(q.message, 'Bring down project "shop"?');
    assert.match(q.detail, /its 3 containers and the networks/);
    assert.match(q.detail, /Volumes are kept unless you choose "Down and Remove Volumes"/);
    assert.deepEqual([q.keep, q.withVolumes], ['Down', 'Down and Remove Volumes']);
    const one = downQuestion({ project: 'shop', services: ['web'], whole: false }, 1, plainText);
    assert.match(one.detail, /^Stops and removes its container\./);
  });

  it('checks a replica count and says when no Compose exists', () => {
    assert.equal(replicasProblem(' 3 ', plainText), undefined);
    assert.equal(replicasProblem('0', plainText), undefined);
    assert.ok(replicasProblem('-1', plainText));
    assert.ok(replicasProblem('2.5', plainText));
    assert.ok(replicasProblem('5000', plainText));
    assert.match(noToolMessage(plainText), /neither "docker compose".*nor "docker-compose"/);
  });
});

describe('Compose action targets', () => {
  const shop = buildProjects(
    [definition],
    [labelled('shop', 'web', '1'), labelled('shop', 'old', '1', 'exited')],
  )[0];
  const v2: ComposeTool = { version: 'v2', command: 'docker', prefix: ['compose'], versionText: '2.29.1' };
  const v1: ComposeTool = { version: 'v1', command: 'docker-compose', prefix: [], versionText: '1.29.2' };
  // What follows --project-name, --file and --project-directory with their values.
  const tail = (tool: ComposeTool, args: string[]): string[] => args.slice(tool.prefix.length + 6);

  it('ups a profile by naming its services, so nothing outside the profile starts', () => {
    const part = profilePart(shop, 'tools');
    assert.deepEqual(
      part.services.map((s) => s.name),
      ['debug'],
    );
    const target = composeTargetOf(part, { kind: 'up', build: false });
    assert.deepEqual(target, {
      projectName: 'shop',
      files: ['/p/compose.yaml'],
      workingDir: '/p',
      profiles: ['tools'],
      services: ['debug'],
    });
    for (const tool of [v2, v1]) {
      const line = composeCommandLine(tool, target, { kind: 'up', build: false }, { env: {} });
      assert.deepEqual(tail(tool, line.args), ['--profile', 'tools', 'up', '--detach', 'debug']);
    }
  });

  it('ups a whole project without profiles, and reaches every profile for the other actions', () => {
    const whole = wholeProject(shop);
    assert.deepEqual(composeTargetOf(whole, { kind: 'up', build: true }).profiles, []);
    assert.deepEqual(composeTargetOf(whole, { kind: 'up', build: true }).services, []);
    for (const action of [{ kind: 'down', volumes: false }, { kind: 'stop' }] as const) {
      const target = composeTargetOf(whole, action);
      assert.deepEqual([target.profiles, target.services], [['tools'], []]);
    }
  });

  it('names services with the profiles they need; a project known from labels has no files', () => {
    const debug = shop.services.find((s) => s.name === 'debug')!;
    const web = shop.services.find((s) => s.name === 'web')!;
    const target = composeTargetOf(servicesPart(shop, [web, debug]), { kind: 'scale', replicas: 2 });
    assert.deepEqual([target.profiles, target.services], [['tools'], ['web', 'debug']]);
    const labelsOnly = buildProjects([], [labelled('blog', 'app', '1')])[0];
    assert.deepEqual(composeTargetOf(wholeProject(labelsOnly), { kind: 'restart' }), {
      projectName: 'blog',
      files: [],
      profiles: [],
      services: [],
    });
  });
});
