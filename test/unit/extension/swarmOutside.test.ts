// A daemon outside a swarm: the Swarm view's rows there get no menu entry at all (the manifest's
// `when` clauses matched against the rows' context values), and a swarm command from the palette
// says where the daemon stands and asks nothing, where on a manager it offers the swarm's objects.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandUi } from '../../../src/extension/commands/pick';
import {
  notManagerMessage,
  swarmManagerOrSay,
  swarmTargets,
} from '../../../src/extension/commands/swarmGuard';
import { DaemonModel } from '../../../src/extension/docker/daemonModel';
import { toSwarmInfo } from '../../../src/extension/docker/swarmMapping';
import type { SwarmInfo, SwarmService } from '../../../src/extension/docker/swarmTypes';
import { messageRow } from '../../../src/extension/views/daemonRows';
import type { Explorer } from '../../../src/extension/views/explorer';
import { plainText } from '../../../src/extension/terminals/enginePty';

interface MenuEntry {
  command: string;
  when?: string;
}

const menus = (
  JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, MenuEntry[]> };
  }
).contributes.menus;

/** One `key == value` or `key =~ /re/` term of a `when` clause, or undefined for any other. */
function term(text: string, key: string, value: string): boolean | undefined {
  const equal = new RegExp(`^${key} == (\\S+)$`).exec(text);
  if (equal !== null) return equal[1] === value;
  const match = new RegExp(`^${key} =~ /(.+)/$`).exec(text);
  if (match !== null) return new RegExp(match[1] ?? '').test(value);
  return undefined;
}

/**
 * Whether an item menu entry shows on a row of `view` with `contextValue`. Only `view` and
 * `viewItem` terms joined by `&&` are read; any other term counts as true, so the answer errs
 * towards "shown".
 */
function shown(entry: MenuEntry, view: string, contextValue: string): boolean {
  return (entry.when ?? '')
    .split('&&')
    .map((part) => part.trim())
    .every(
      (part) => part === '' || (term(part, 'view', view) ?? term(part, 'viewItem', contextValue) ?? true),
    );
}

const inactive = toSwarmInfo({});
const manager: SwarmInfo = {
  ...inactive,
  state: 'active',
  manager: true,
  nodeId: 'n1',
  nodes: 1,
  managers: 1,
};

function service(id: string, name: string): SwarmService {
  return {
    id,
    version: 1,
    name,
    mode: 'replicated',
    replicas: 1,
    image: 'seed',
    tty: false,
    ports: [],
    labels: {},
    hasPreviousSpec: false,
    createdAt: '',
    updatedAt: '',
  };
}

/** A palette that records what it was shown and said. */
function recordingUi(): { ui: CommandUi; picks: string[][]; infos: string[] } {
  const picks: string[][] = [];
  const infos: string[] = [];
  const window = {
    showQuickPick: (items: { label: string }[]) => {
      picks.push(items.map((i) => i.label));
      return Promise.resolve(undefined);
    },
    showInformationMessage: (message: string) => {
      infos.push(message);
      return Promise.resolve(undefined);
    },
  };
  const ui = {
    window: window as unknown as CommandUi['window'],
    t: plainText,
    progress: () => Promise.reject(new Error('no progress expected')),
  } as unknown as CommandUi;
  return { ui, picks, infos };
}

/** One daemon, "local", with a model in the given swarm standing and a client that must not be asked. */
function explorerWith(info: SwarmInfo | undefined, ready: boolean, fromInfo?: SwarmInfo): Explorer {
  const model = new DaemonModel('primary');
  model.setSwarm(info);
  if (ready) model.setState('ready');
  if (info !== undefined && info.manager) model.replace('services', [service('s1', 'web')]);
  const client = {
    swarm: {
      info: () =>
        fromInfo === undefined
          ? Promise.reject(new Error('the model should have answered'))
          : Promise.resolve(fromInfo),
    },
  };
  const entry = { daemon: { id: 'primary', label: 'local', connection: { client } }, model };
  return {
    entries: [entry],
    entry: (id: string) => (id === 'primary' ? entry : undefined),
  } as unknown as Explorer;
}

describe('Swarm on a daemon outside a swarm', () => {
  const swarmItemEntries = (menus['view/item/context'] ?? []).filter((e) =>
    e.command.startsWith('dockwright.swarm.'),
  );

  it('offers no menu entry on the rows the Swarm view shows there', () => {
    const rows = [
      messageRow('primary', 'info', 'This Docker daemon is not in a swarm.').contextValue,
      // A daemon's own row, when several are shown.
      'daemon.ready',
      'daemon.connecting',
      'daemon.unreachable',
    ];
    for (const [menu, entries] of Object.entries(menus)) {
      if (menu !== 'view/item/context') continue;
      for (const entry of entries) {
        for (const row of rows) {
          assert.equal(shown(entry, 'dockwright.swarm', row), false, `${entry.command} on ${row}`);
        }
      }
    }
    // The view's title bar holds only refresh and the filter.
    assert.deepEqual(
      (menus['view/title'] ?? [])
        .filter((e) => shown(e, 'dockwright.swarm', ''))
        .map((e) => e.command)
        .sort(),
      ['dockwright.refresh', 'dockwright.swarm.clearFilter', 'dockwright.swarm.filter'],
    );
    // No command initialises, joins or leaves a swarm.
    assert.ok(swarmItemEntries.every((e) => !/init|join|leave/i.test(e.command)));
  });

  it('keeps every swarm entry on the swarm rows it is meant for', () => {
    for (const entry of swarmItemEntries) {
      assert.match(entry.when ?? '', /viewItem (==|=~)/, `${entry.command} names the rows it applies to`);
    }
    const offered = (contextValue: string): string[] =>
      swarmItemEntries.filter((e) => shown(e, 'dockwright.swarm', contextValue)).map((e) => e.command);
    assert.ok(offered('service.replicated').includes('dockwright.swarm.services.remove'));
    assert.ok(offered('secret').includes('dockwright.swarm.secrets.remove'));
    assert.ok(offered('swarmNode.worker.active').includes('dockwright.swarm.nodes.drain'));
  });

  it('says so from the palette and asks nothing', async () => {
    for (const explorer of [explorerWith(inactive, true), explorerWith(undefined, false, inactive)]) {
      const { ui, picks, infos } = recordingUi();
      const targets = await swarmTargets({ ui, explorer }, 'service', undefined, undefined, {
        placeHolder: 'Services to remove',
        many: true,
      });
      assert.deepEqual(targets, []);
      assert.deepEqual(picks, []);
      assert.deepEqual(infos, [
        'This Docker daemon is not in a swarm. (local) Swarm commands act only on a swarm manager; nothing was done.',
      ]);
    }
    const worker: SwarmInfo = { ...manager, manager: false };
    assert.match(notManagerMessage('local', worker, plainText), /^This node is a swarm worker/);
  });

  it('offers the swarm objects from the palette on a manager', async () => {
    const { ui, picks, infos } = recordingUi();
    const explorer = explorerWith(manager, true);
    assert.equal(await swarmManagerOrSay({ ui, explorer }, 'primary'), true);
    await swarmTargets({ ui, explorer }, 'service', undefined, undefined, { placeHolder: 'Services' });
    assert.deepEqual(picks, [['web']]);
    assert.deepEqual(infos, []);
  });
});
