import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import { unusedNetworks } from '../docker/systemPrune';
import type { ContainerSummary, NetworkSummary } from '../docker/types';
import type { ExplorerNode } from '../views/explorerNodes';
import { attachedContainers } from '../views/networkEndpoints';
import {
  askModal,
  containerNameProblem,
  prunedMessage,
  pruneNetworksQuestion,
  removeNetworksQuestion,
  subnetProblem,
} from './confirm';
import type { ResourceDeps, Target } from './pick';
import { clientOf, failureMessage, forEachTarget, paletteDaemon, resolveTargets } from './pick';

type Handler = (node?: unknown, selected?: unknown) => Promise<void>;

const builtInNames = new Set(['bridge', 'host', 'none']);

function asNode(value: unknown): ExplorerNode | undefined {
  return typeof value === 'object' &&
    value !== null &&
    typeof (value as ExplorerNode).kind === 'string' &&
    typeof (value as ExplorerNode).daemonId === 'string'
    ? (value as ExplorerNode)
    : undefined;
}

async function state(
  deps: ResourceDeps,
  daemonId: string,
  client: DockerClient,
): Promise<{ networks: NetworkSummary[]; containers: ContainerSummary[] }> {
  const model = deps.explorer.entry(daemonId)?.model;
  if (model !== undefined && model.state === 'ready') {
    return { networks: [...model.networks().values()], containers: [...model.containers().values()] };
  }
  const [networks, containers] = await Promise.all([client.listNetworks(), client.listContainers()]);
  return { networks, containers };
}

async function create(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const daemonId = asNode(node)?.daemonId ?? paletteDaemon(explorer);
  if (daemonId === undefined) {
    return;
  }
  const taken = new Set([...(explorer.entry(daemonId)?.model.networks().values() ?? [])].map((n) => n.name));
  const name = await ui.window.showInputBox({
    title: t('Create network (1/4)'),
    prompt: t('The network name'),
    validateInput: (value) => {
      const trimmed = value.trim();
      if (builtInNames.has(trimmed) || taken.has(trimmed)) {
        return t('A network named "{0}" exists already.', trimmed);
      }
      return containerNameProblem(trimmed, t) === undefined
        ? undefined
        : t('A network name starts with a letter or digit and uses only letters, digits, "_", "." and "-".');
    },
  });
  if (name === undefined) {
    return;
  }
  const driver = await ui.window.showQuickPick(
    [
      { label: 'bridge', description: t('containers on this host') },
      { label: 'macvlan', description: t('containers with their own MAC address on a host interface') },
      { label: 'ipvlan', description: t('containers sharing a host interface') },
      { label: 'overlay', description: t('across a swarm') },
    ],
    { title: t('Create network (2/4)'), placeHolder: t('The network driver') },
  );
  if (driver === undefined) {
    return;
  }
  const access = await ui.window.showQuickPick(
    [
      {
        label: t('External access'),
        description: t('containers can reach outside networks'),
        internal: false,
      },
      { label: t('Internal'), description: t('no route outside the network'), internal: true },
    ],
    { title: t('Create network (3/4)'), placeHolder: t('Can containers reach outside networks?') },
  );
  if (access === undefined) {
    return;
  }
  const subnet = await ui.window.showInputBox({
    title: t('Create network (4/4)'),
    prompt: t('Subnet in CIDR form (optional; the daemon picks one when empty)'),
    placeHolder: '172.28.0.0/16',
    validateInput: (value) => subnetProblem(value, t),
  });
  if (subnet === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    await client.createNetwork({
      name: name.trim(),
      driver: driver.label,
      internal: access.internal,
      ...(subnet.trim() !== '' ? { subnet: subnet.trim() } : {}),
    });
    void ui.window.showInformationMessage(t('Created the network "{0}".', name.trim()));
  } catch (err) {
    void ui.window.showErrorMessage(t('Could not create the network: {0}', failureMessage(err, client)));
  }
}

async function remove(deps: ResourceDeps, node: unknown, selected: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const chosen = await resolveTargets(ui, explorer, 'network', node, selected, {
    placeHolder: t('Networks to remove'),
    many: true,
    filter: (row) => row.state !== 'builtin',
    none: t('There are only built-in networks.'),
  });
  const targets = chosen.filter((x) => !builtInNames.has(x.label));
  const builtIn = chosen.filter((x) => builtInNames.has(x.label));
  if (builtIn.length > 0) {
    void ui.window.showWarningMessage(
      t('Built-in networks are never removed: {0}.', builtIn.map((x) => x.label).join(', ')),
    );
  }
  if (targets.length === 0) {
    return;
  }
  const answer = await askModal(
    ui,
    removeNetworksQuestion(
      targets.map((x) => x.label),
      t,
    ),
  );
  if (answer === undefined) {
    return;
  }
  await forEachTarget(
    ui,
    explorer,
    targets,
    { title: t('Removing networks'), failed: (label) => t('Could not remove "{0}":', label) },
    (client, target, signal) => client.removeNetwork(target.id, signal),
  );
}

async function prune(deps: ResourceDeps): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const daemonId = paletteDaemon(explorer);
  if (daemonId === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const [networks, containers] = await Promise.all([client.listNetworks(), client.listContainers()]);
    const unused = unusedNetworks(networks, containers);
    if (unused.length === 0) {
      void ui.window.showInformationMessage(t('Every network is built in or used by a container.'));
      return;
    }
    const answer = await askModal(
      ui,
      pruneNetworksQuestion(
        unused.map((n) => n.name),
        t,
      ),
    );
    if (answer === undefined) {
      return;
    }
    const c = client;
    const result = await ui.progress(t('Removing networks'), (_report, signal) =>
      c.pruneNetworks({}, signal),
    );
    void ui.window.showInformationMessage(
      prunedMessage(t('networks'), result.deleted.length, result.spaceReclaimed, t),
    );
  } catch (err) {
    void ui.window.showErrorMessage(t('Could not remove networks: {0}', failureMessage(err, client)));
  }
}

/** The network of a node: a network row, or the network of a container row under it. */
function networkOfNode(node: ExplorerNode | undefined): { daemonId: string; networkId: string } | undefined {
  if (node?.kind === 'network') {
    return { daemonId: node.daemonId, networkId: node.key };
  }
  if (node?.kind === 'endpoint') {
    const prefix = `endpoint:${node.daemonId}:`;
    const rest = node.id.startsWith(prefix) ? node.id.slice(prefix.length) : '';
    const networkId = rest.split('/')[0] ?? '';
    return networkId === '' ? undefined : { daemonId: node.daemonId, networkId };
  }
  return undefined;
}

async function pickNetwork(deps: ResourceDeps, placeHolder: string): Promise<Target | undefined> {
  const [target] = await resolveTargets(deps.ui, deps.explorer, 'network', undefined, undefined, {
    placeHolder,
    filter: (row) => row.target.label !== 'host' && row.target.label !== 'none',
    none: deps.ui.t('There are no networks.'),
  });
  return target;
}

async function connect(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const n = asNode(node);
  let daemonId: string | undefined;
  let networkId: string | undefined;
  let containerId: string | undefined;
  if (n?.kind === 'container') {
    daemonId = n.daemonId;
    containerId = n.key;
  } else {
    const fromNode = networkOfNode(n);
    daemonId = fromNode?.daemonId;
    networkId = fromNode?.networkId;
  }
  if (networkId === undefined && daemonId === undefined) {
    const picked = await pickNetwork(deps, t('Network to connect a container to'));
    daemonId = picked?.daemonId;
    networkId = picked?.id;
  }
  if (daemonId === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const { networks, containers } = await state(deps, daemonId, client);
    if (networkId === undefined) {
      const attachedTo = new Set(
        containers.find((c) => c.id === containerId)?.networks.map((x) => x.networkId || x.name) ?? [],
      );
      const offered = networks.filter(
        (x) => x.name !== 'host' && x.name !== 'none' && !attachedTo.has(x.id) && !attachedTo.has(x.name),
      );
      const chosen = await ui.window.showQuickPick(
        offered.map((x) => ({ label: x.name, description: x.driver, id: x.id })),
        { placeHolder: t('Network to connect to') },
      );
      networkId = chosen?.id;
    }
    const network = networks.find((x) => x.id === networkId);
    if (network === undefined) {
      return;
    }
    if (containerId === undefined) {
      const attached = new Set(attachedContainers(network, containers).map((a) => a.container.id));
      const offered = containers.filter((c) => !attached.has(c.id));
      if (offered.length === 0) {
        void ui.window.showInformationMessage(t('Every container is connected to "{0}".', network.name));
        return;
      }
      const chosen = await ui.window.showQuickPick(
        offered.map((c) => ({ label: c.name, description: `${c.image} · ${c.state}`, id: c.id })),
        { placeHolder: t('Container to connect to "{0}"', network.name) },
      );
      containerId = chosen?.id;
    }
    if (containerId === undefined) {
      return;
    }
    const alias = await ui.window.showInputBox({
      title: t('Connect to "{0}"', network.name),
      prompt: t('Aliases on this network, separated by commas (optional)'),
    });
    if (alias === undefined) {
      return;
    }
    const aliases = alias
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    await client.connectNetwork(network.id, containerId, { aliases });
  } catch (err) {
    void ui.window.showErrorMessage(t('Could not connect the container: {0}', failureMessage(err, client)));
  }
}

async function disconnect(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const n = asNode(node);
  let where = networkOfNode(n);
  let containerId = n?.kind === 'endpoint' ? n.key : undefined;
  if (where === undefined) {
    const picked = await pickNetwork(deps, t('Network to disconnect a container from'));
    where = picked === undefined ? undefined : { daemonId: picked.daemonId, networkId: picked.id };
  }
  if (where === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, where.daemonId, t);
    const { networks, containers } = await state(deps, where.daemonId, client);
    const network = networks.find((x) => x.id === where.networkId);
    if (network === undefined) {
      return;
    }
    if (containerId === undefined) {
      const attached = attachedContainers(network, containers);
      if (attached.length === 0) {
        void ui.window.showInformationMessage(t('No container is connected to "{0}".', network.name));
        return;
      }
      const chosen = await ui.window.showQuickPick(
        attached.map((a) => ({
          label: a.container.name,
          description: a.container.state,
          id: a.container.id,
        })),
        { placeHolder: t('Container to disconnect from "{0}"', network.name) },
      );
      containerId = chosen?.id;
    }
    if (containerId === undefined) {
      return;
    }
    await client.disconnectNetwork(network.id, containerId);
  } catch (err) {
    void ui.window.showErrorMessage(
      t('Could not disconnect the container: {0}', failureMessage(err, client)),
    );
  }
}

/** The network commands: create, inspect, remove, prune, connect and disconnect a container. */
export function registerNetworkCommands(deps: ResourceDeps): vscode.Disposable[] {
  const t = deps.ui.t;
  const commands: Record<string, Handler> = {
    create: (node) => create(deps, node),
    remove: (node, selected) => remove(deps, node, selected),
    prune: () => prune(deps),
    connect: (node) => connect(deps, node),
    disconnect: (node) => disconnect(deps, node),
    inspect: async (node, selected) => {
      const targets = await resolveTargets(deps.ui, deps.explorer, 'network', node, selected, {
        placeHolder: t('Network to inspect'),
      });
      for (const target of targets) {
        await deps.documents.open('network', target.daemonId, target.id, target.label);
      }
    },
  };
  return Object.entries(commands).map(([name, handler]) =>
    vscode.commands.registerCommand(`dockwright.networks.${name}`, handler),
  );
}
