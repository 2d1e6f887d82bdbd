import * as assert from 'node:assert/strict';
import type { DockerClient } from '../../../src/extension/docker/client';
import { DaemonModel } from '../../../src/extension/docker/daemonModel';
import type { CommandUi, Target } from '../../../src/extension/commands/pick';
import {
  byDaemon,
  containerRows,
  forEachTarget,
  imageRows,
  networkRows,
  nodeTargets,
  resolveTargets,
  volumeRows,
} from '../../../src/extension/commands/pick';
import type { Explorer } from '../../../src/extension/views/explorer';
import type { ExplorerNode } from '../../../src/extension/views/explorerNodes';
import { container, image, network, volume } from './explorerFixtures';

function node(kind: ExplorerNode['kind'], key: string, daemonId = 'primary', id?: string): ExplorerNode {
  return {
    id: id ?? `${kind}:${daemonId}:${key}`,
    kind,
    daemonId,
    key,
    row: { id: '', label: key, description: '', icon: '', contextValue: '' },
    collapsible: 'none',
  };
}

function model(): DaemonModel {
  const m = new DaemonModel('primary');
  m.replace('containers', [
    container({ id: 'c1', name: 'web', state: 'running' }),
    container({ id: 'c2', name: 'db', state: 'exited', imageId: 'sha256:22' }),
  ]);
  m.replace('images', [
    image({ id: 'sha256:11', repoTags: ['app:1', 'app:2', 'other:1'] }),
    image({ id: 'sha256:33', repoTags: [], dangling: true }),
  ]);
  m.replace('networks', [network({ id: 'n1', name: 'backend' }), network({ id: 'n0', name: 'bridge' })]);
  m.setState('ready');
  return m;
}

/** Records what the palette showed and answers with the rows whose labels are given. */
function fakeUi(answer: string[] | undefined): {
  ui: CommandUi;
  shown: string[][];
  errors: string[];
  infos: string[];
} {
  const shown: string[][] = [];
  const errors: string[] = [];
  const infos: string[] = [];
  const window = {
    showQuickPick: (items: { label: string }[], options?: { canPickMany?: boolean }) => {
      shown.push(items.map((i) => i.label));
      const chosen = answer === undefined ? undefined : items.filter((i) => answer.includes(i.label));
      return Promise.resolve(options?.canPickMany === true ? chosen : chosen?.[0]);
    },
    showErrorMessage: (message: string) => {
      errors.push(message);
      return Promise.resolve(undefined);
    },
    showInformationMessage: (message: string) => {
      infos.push(message);
      return Promise.resolve(undefined);
    },
    showWarningMessage: () => Promise.resolve(undefined),
    showInputBox: () => Promise.resolve(undefined),
  };
  const ui = {
    window: window as unknown as CommandUi['window'],
    t: (message: string, ...args: (string | number | boolean)[]) =>
      message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
    progress: <T>(_title: string, task: (report: (m: string) => void, signal: AbortSignal) => Promise<T>) =>
      task(() => undefined, new AbortController().signal),
  };
  return { ui, shown, errors, infos };
}

function fakeExplorer(m: DaemonModel, client: Partial<DockerClient> | undefined): Explorer {
  const entry = {
    daemon: { id: 'primary', label: 'Docker', connection: { client } },
    model: m,
  };
  return {
    entries: [entry],
    entry: (id: string) => (id === 'primary' ? entry : undefined),
  } as unknown as Explorer;
}

describe('resource command targets', () => {
  const m = model();
  const modelOf = (id: string): DaemonModel | undefined => (id === 'primary' ? m : undefined);

  it('takes the clicked node, named as the model knows it', () => {
    assert.deepEqual(nodeTargets('container', node('container', 'c1'), undefined, modelOf), [
      { type: 'container', daemonId: 'primary', id: 'c1', label: 'web' },
    ]);
  });

  it('takes the whole selection when the clicked node is part of it, each object once', () => {
    const c1 = node('container', 'c1');
    // The same container listed under two groups has two nodes with one key.
    const c1Again = node('container', 'c1', 'primary', 'container:primary:c1#other');
    const c2 = node('container', 'c2');
    const targets = nodeTargets('container', c2, [c1, c1Again, c2], modelOf);
    assert.deepEqual(
      targets.map((t) => t.label),
      ['web', 'db'],
    );
  });

  it('takes the clicked node alone when it is outside the selection', () => {
    const targets = nodeTargets('container', node('container', 'c2'), [node('container', 'c1')], modelOf);
    assert.deepEqual(
      targets.map((t) => t.id),
      ['c2'],
    );
  });

  it('leaves out nodes of other kinds, and accepts a container under a network', () => {
    const targets = nodeTargets(
      'container',
      undefined,
      [
        node('group', 'compose:x'),
        node('endpoint', 'c2', 'primary', 'endpoint:primary:n1/c2'),
        node('volume', 'v'),
      ],
      modelOf,
    );
    assert.deepEqual(
      targets.map((t) => t.id),
      ['c2'],
    );
    assert.deepEqual(nodeTargets('volume', node('container', 'c1'), undefined, modelOf), []);
  });

  it('expands an image repository to its tags; a dangling image is named by its short id', () => {
    assert.deepEqual(
      nodeTargets('image', node('repository', 'app'), undefined, modelOf).map((t) => t.id),
      ['app:1', 'app:2'],
    );
    assert.deepEqual(
      nodeTargets('image', node('image', 'sha256:33'), undefined, modelOf).map((t) => t.label),
      ['<none> 33'],
    );
  });

  it('ignores arguments that are not nodes (a Uri, a string from a keybinding)', () => {
    assert.deepEqual(nodeTargets('network', 'n1' as unknown as ExplorerNode, undefined, modelOf), []);
  });

  it('builds palette rows with the state the filters read', () => {
    const containers = [...m.containers().values()];
    assert.deepEqual(
      containerRows('primary', containers).map((r) => [r.target.label, r.state]),
      [
        ['db', 'exited'],
        ['web', 'running'],
      ],
    );
    assert.deepEqual(
      imageRows('primary', m.images().values(), containers).map((r) => [r.target.id, r.state]),
      [
        ['app:1', 'used'],
        ['app:2', 'used'],
        ['other:1', 'used'],
        ['sha256:33', 'dangling'],
      ],
    );
    const mounted = container({
      mounts: [{ type: 'volume', name: 'data', source: '', destination: '/d', readOnly: false }],
    });
    assert.deepEqual(
      volumeRows('primary', [volume({ name: 'data' }), volume({ name: 'spare' })], [mounted]).map(
        (r) => r.state,
      ),
      ['used', 'unused'],
    );
    assert.deepEqual(
      networkRows('primary', m.networks().values()).map((r) => [r.target.label, r.state]),
      [
        ['backend', 'custom'],
        ['bridge', 'builtin'],
      ],
    );
  });

  it('asks from the palette among the rows that qualify, from the current model', async () => {
    const { ui, shown } = fakeUi(['db']);
    const explorer = fakeExplorer(m, {});
    const targets = await resolveTargets(ui, explorer, 'container', undefined, undefined, {
      placeHolder: 'Containers to start',
      many: true,
      filter: (row) => row.state !== 'running',
    });
    assert.deepEqual(shown, [['db']]);
    assert.deepEqual(
      targets.map((t) => t.id),
      ['c2'],
    );
  });

  it('lists from the daemon when the model is not current, and says when nothing qualifies', async () => {
    const idle = new DaemonModel('primary');
    const { ui, shown, infos } = fakeUi([]);
    const explorer = fakeExplorer(idle, {
      listContainers: () => Promise.resolve([container({ id: 'c9', name: 'fresh', state: 'running' })]),
    });
    const none = await resolveTargets(ui, explorer, 'container', undefined, undefined, {
      placeHolder: 'Containers to unpause',
      filter: (row) => row.state === 'paused',
      none: 'No container is paused.',
    });
    assert.deepEqual(none, []);
    assert.deepEqual(shown, []);
    assert.deepEqual(infos, ['No container is paused.']);
  });

  it('offers the objects of every connected daemon from the palette, each row naming its daemon', async () => {
    const second = new DaemonModel('tcp://other:2376');
    second.replace('containers', [container({ id: 'c7', name: 'cache', state: 'exited' })]);
    second.setState('ready');
    const entries = [
      { daemon: { id: 'primary', label: 'Docker', connection: { client: {} } }, model: m },
      { daemon: { id: 'tcp://other:2376', label: 'other', connection: { client: {} } }, model: second },
      { daemon: { id: 'ssh://gone', label: 'gone', connection: { client: undefined } }, model: undefined },
    ];
    const explorer = {
      entries,
      entry: (id: string) => entries.find((e) => e.daemon.id === id),
    } as unknown as Explorer;
    let descriptions: string[] = [];
    const { ui, shown } = fakeUi(['db', 'cache']);
    const pick = ui.window.showQuickPick.bind(ui.window);
    const window = {
      ...ui.window,
      showQuickPick: ((items: { label: string; description: string }[], options: unknown) => {
        descriptions = items.map((i) => i.description);
        return (pick as (i: unknown, o: unknown) => unknown)(items, options);
      }) as unknown as CommandUi['window']['showQuickPick'],
    };
    const targets = await resolveTargets({ ...ui, window }, explorer, 'container', undefined, undefined, {
      placeHolder: 'Containers to start',
      many: true,
      filter: (row) => row.state !== 'running',
    });
    assert.deepEqual(shown, [['db', 'cache']]);
    assert.match(descriptions[0] ?? '', / · Docker$/);
    assert.match(descriptions[1] ?? '', / · other$/);
    assert.deepEqual(
      targets.map((t) => `${t.daemonId}/${t.id}`),
      ['primary/c2', 'tcp://other:2376/c7'],
    );
  });

  it('refuses a daemon that is not connected, in words', async () => {
    const { ui } = fakeUi([]);
    await assert.rejects(
      resolveTargets(ui, fakeExplorer(m, undefined), 'container', undefined, undefined, { placeHolder: '' }),
      /Docker at Docker is not connected/,
    );
  });

  it('runs an action on every target and reports the failures together', async () => {
    const { ui, errors } = fakeUi([]);
    const explorer = fakeExplorer(m, { endpoint: { display: 'unix:///x.sock' } } as unknown as DockerClient);
    const targets: Target[] = ['a', 'b', 'c'].map((id) => ({
      type: 'container',
      daemonId: 'primary',
      id,
      label: id,
    }));
    const seen: string[] = [];
    const result = await forEachTarget(
      ui,
      explorer,
      targets,
      { title: 'Stopping', failed: (label) => `Could not stop "${label}":` },
      (_client, target) => {
        seen.push(target.id);
        if (target.id === 'b') {
          return Promise.reject(
            Object.assign(new Error('x'), { statusCode: 409, json: { message: 'busy' } }),
          );
        }
        return Promise.resolve();
      },
    );
    assert.deepEqual(seen.sort(), ['a', 'b', 'c']);
    assert.deepEqual(result.done.map((t) => t.id).sort(), ['a', 'c']);
    assert.deepEqual(errors, ['Could not stop "b": Conflict: busy']);
  });

  it('groups targets by daemon in first-seen order', () => {
    const t = (daemonId: string, id: string): Target => ({ type: 'volume', daemonId, id, label: id });
    const groups = byDaemon([t('a', '1'), t('b', '2'), t('a', '3')]);
    assert.deepEqual([...groups.keys()], ['a', 'b']);
    assert.deepEqual(
      groups.get('a')?.map((x) => x.id),
      ['1', '3'],
    );
  });
});
