// A command on several selected rows, as the context menu calls it with (node, selected): the
// targets come from the selection, the action runs on each container of the test daemon, and a
// container the action does not fit is named in one message while the others are done.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { CommandUi } from '../../src/extension/commands/pick';
import { forEachTarget, resolveTargets } from '../../src/extension/commands/pick';
import type { DockerClient } from '../../src/extension/docker/client';
import { DaemonModel } from '../../src/extension/docker/daemonModel';
import type { Explorer } from '../../src/extension/views/explorer';
import type { ExplorerNode } from '../../src/extension/views/explorerNodes';
import { requireDaemon, seeds, testClient } from './helpers';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

describe('Actions on a multi-selection (test daemon)', function () {
  let client: DockerClient;
  const created: string[] = [];
  const run = `${process.pid}-${randomBytes(3).toString('hex')}`;

  before(async function () {
    client = await testClient(requireDaemon(this));
  });

  after(async () => {
    await Promise.allSettled(created.map((id) => client.removeContainer(id, { force: true })));
    client?.dispose();
  });

  it('pauses every selected running container and names the one that cannot be paused', async () => {
    const make = async (name: string, start: boolean): Promise<string> => {
      const id = await client.createContainer({
        name: `dw-multi-${name}-${run}`,
        Image: seeds.plain,
        HostConfig: { NetworkMode: 'none' },
      });
      created.push(id);
      if (start) {
        await client.startContainer(id);
      }
      return id;
    };
    const first = await make('a', true);
    const second = await make('b', true);
    const stopped = await make('c', false);

    const model = new DaemonModel('primary');
    const entry = { daemon: { id: 'primary', label: 'Docker', connection: { client } }, model };
    const explorer = { entries: [entry], entry: (id: string) => (id === 'primary' ? entry : undefined) };
    const errors: string[] = [];
    const progress: string[] = [];
    const ui: CommandUi = {
      window: {
        showQuickPick: () => Promise.reject(new Error('a selection needs no quick pick')),
        showErrorMessage: (message: string) => {
          errors.push(message);
          return Promise.resolve(undefined);
        },
        showInformationMessage: () => Promise.resolve(undefined),
        showWarningMessage: () => Promise.resolve(undefined),
        showInputBox: () => Promise.resolve(undefined),
      },
      t,
      progress: (title, task) => {
        progress.push(title);
        return task(() => undefined, new AbortController().signal);
      },
    };
    const node = (id: string): ExplorerNode =>
      ({ id: `container:primary:${id}`, kind: 'container', daemonId: 'primary', key: id }) as ExplorerNode;
    const selection = [node(first), node(second), node(stopped)];

    const targets = await resolveTargets(
      ui,
      explorer as unknown as Explorer,
      'container',
      selection[1],
      selection,
      {
        placeHolder: 'Containers to pause',
        many: true,
      },
    );
    assert.deepEqual(
      targets.map((x) => x.id),
      [first, second, stopped],
    );
    const outcome = await forEachTarget(
      ui,
      explorer as unknown as Explorer,
      targets,
      { title: 'Pausing containers', failed: (label) => `Could not pause "${label}":` },
      (c, target, signal) => c.pauseContainer(target.id, signal),
    );
    assert.deepEqual(progress, ['Pausing containers'], 'several objects run under one progress');
    assert.deepEqual(outcome.done.map((x) => x.id).sort(), [first, second].sort());
    assert.equal(errors.length, 1, 'one message for the batch');
    assert.match(errors[0] ?? '', new RegExp(`^Could not pause "${stopped}": .*not running`, 'i'));

    const status = async (id: string): Promise<string> =>
      ((await client.inspectRaw('container', id)).State as { Status: string }).Status;
    assert.equal(await status(first), 'paused');
    assert.equal(await status(second), 'paused');
    assert.equal(await status(stopped), 'created', 'the stopped container is left as it was');
    model.dispose();
  });
});
