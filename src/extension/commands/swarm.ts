import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import { describeDockerError } from '../docker/errors';
import { ServiceLogsTerminal } from '../terminals/serviceLogsTerminal';
import { terminalSettings } from '../terminals/terminalSettings';
import { taskName } from '../views/swarmRows';
import type { NodeChange, ServiceChange, SwarmClient } from '../docker/swarmClient';
import type { Confirmation } from './confirm';
import { askModal } from './confirm';
import type { InspectDocuments } from './inspectDocuments';
import type { ResourceDeps, Target } from './pick';
import { clientOf, failureMessage, forEachTarget } from './pick';
import { swarmTargets } from './swarmGuard';
import type { SwarmResourceType } from './swarmPick';
import {
  demoteQuestion,
  drainQuestion,
  parseReplicas,
  redeployQuestion,
  removeServicesQuestion,
  rollbackQuestion,
  serviceImageProblem,
} from './swarmConfirm';

type Handler = (node?: unknown, selected?: unknown) => Promise<void>;

/** Opens the inspect documents of swarm targets (secrets and configs: metadata only). */
export async function inspectSwarmObjects(
  deps: ResourceDeps,
  type: SwarmResourceType,
  node: unknown,
  selected: unknown,
  placeHolder: string,
): Promise<void> {
  const targets = await swarmTargets(deps, type, node, selected, {
    placeHolder,
    none: deps.ui.t('There is nothing of that kind in the swarm.'),
  });
  const kinds: Record<SwarmResourceType, Parameters<InspectDocuments['open']>[0]> = {
    swarmNode: 'node',
    service: 'service',
    task: 'task',
    secret: 'secret',
    config: 'config',
  };
  for (const target of targets) {
    await deps.documents.open(kinds[type], target.daemonId, target.id, target.label);
  }
}

/** Asks which targets, confirms when a question is given, then runs the action on each. */
export async function swarmAction(
  deps: ResourceDeps,
  type: SwarmResourceType,
  node: unknown,
  selected: unknown,
  options: {
    placeHolder: string;
    filter?: (state: string) => boolean;
    question?: (labels: string[]) => Confirmation;
    title: string;
    failed: (label: string) => string;
  },
  action: (swarm: SwarmClient, target: Target, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const { ui, explorer } = deps;
  const targets = await swarmTargets(deps, type, node, selected, {
    placeHolder: options.placeHolder,
    many: true,
    ...(options.filter !== undefined ? { filter: (row) => options.filter?.(row.state) ?? true } : {}),
    none: ui.t('There is nothing in the swarm this applies to.'),
  });
  if (targets.length === 0) {
    return;
  }
  if (options.question !== undefined) {
    const answer = await askModal(ui, options.question(targets.map((x) => x.label)));
    if (answer === undefined) {
      return;
    }
  }
  await forEachTarget(
    ui,
    explorer,
    targets,
    { title: options.title, failed: options.failed },
    (client, target, signal) => action(client.swarm, target, signal),
  );
}

/** Runs a service change on each target, saying the Engine's warnings. */
function serviceChange(deps: ResourceDeps, change: ServiceChange) {
  return async (swarm: SwarmClient, target: Target, signal: AbortSignal): Promise<void> => {
    const warnings = await swarm.updateService(target.id, change, signal);
    if (warnings.length > 0) {
      void deps.ui.window.showWarningMessage(`${target.label}: ${warnings.join(' ')}`);
    }
  };
}

async function scale(deps: ResourceDeps, node: unknown, selected: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const targets = await swarmTargets(deps, 'service', node, selected, {
    placeHolder: t('Services to scale'),
    many: true,
    filter: (row) => row.state === 'replicated',
    none: t('No replicated service to scale.'),
  });
  const replicated = targets.filter(
    (x) => explorer.entry(x.daemonId)?.model.services().get(x.id)?.mode !== 'global',
  );
  if (replicated.length === 0) {
    if (targets.length > 0) {
      void ui.window.showInformationMessage(
        t('Only replicated services can be scaled; a global service runs one task per node.'),
      );
    }
    return;
  }
  const current =
    replicated.length === 1
      ? explorer
          .entry(replicated[0]?.daemonId ?? '')
          ?.model.services()
          .get(replicated[0]?.id ?? '')?.replicas
      : undefined;
  const text = await ui.window.showInputBox({
    title:
      replicated.length === 1
        ? t('Scale {0}', replicated[0]?.label ?? '')
        : t('Scale {0} services', replicated.length),
    prompt: t('The number of replicas'),
    ...(current !== undefined ? { value: String(current) } : {}),
    validateInput: (value) => {
      const parsed = parseReplicas(value, t);
      return 'problem' in parsed ? parsed.problem : undefined;
    },
  });
  if (text === undefined) {
    return;
  }
  const parsed = parseReplicas(text, t);
  if ('problem' in parsed) {
    return;
  }
  await forEachTarget(
    ui,
    explorer,
    replicated,
    { title: t('Scaling services'), failed: (label) => t('Could not scale "{0}":', label) },
    (client, target, signal) =>
      serviceChange(deps, { kind: 'scale', replicas: parsed.replicas })(client.swarm, target, signal),
  );
}

async function updateImage(deps: ResourceDeps, node: unknown, selected: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const targets = await swarmTargets(deps, 'service', node, selected, {
    placeHolder: t('Service whose image to change'),
    none: t('There are no services.'),
  });
  const target = targets[0];
  if (target === undefined) {
    return;
  }
  const current = explorer.entry(target.daemonId)?.model.services().get(target.id)?.image;
  const image = await ui.window.showInputBox({
    title: t('Update the image of {0}', target.label),
    prompt: t("The image the tasks run; they are replaced following the service's update settings."),
    ...(current !== undefined ? { value: current } : {}),
    validateInput: (value) => serviceImageProblem(value, t),
  });
  if (image === undefined || serviceImageProblem(image, t) !== undefined) {
    return;
  }
  await forEachTarget(
    ui,
    explorer,
    [target],
    {
      title: t('Updating the service'),
      failed: (label) => t('Could not update "{0}":', label),
      progress: true,
    },
    (client, x, signal) =>
      serviceChange(deps, { kind: 'image', image: image.trim() })(client.swarm, x, signal),
  );
}

function nodeChange(change: NodeChange) {
  return (swarm: SwarmClient, target: Target, signal: AbortSignal): Promise<void> =>
    swarm.updateNode(target.id, change, signal);
}

/** Follows each chosen service's logs, across its tasks, in a terminal of its own. */
async function logs(deps: ResourceDeps, node: unknown, selected: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const targets = await swarmTargets(deps, 'service', node, selected, {
    placeHolder: t('Services whose logs to follow'),
    many: true,
    none: t('There are no services.'),
  });
  for (const target of targets) {
    let client: DockerClient | undefined;
    try {
      client = clientOf(explorer, target.daemonId, t);
      const endpoint = client.endpoint;
      const model = explorer.entry(target.daemonId)?.model;
      const pty = new ServiceLogsTerminal({
        t,
        describe: (err) => describeDockerError(err, endpoint),
        engine: client.swarm,
        serviceId: target.id,
        serviceName: target.label,
        tty: model?.services().get(target.id)?.tty ?? false,
        tail: terminalSettings.logsTail(),
        taskName: (taskId) => {
          const task = model?.tasks().get(taskId);
          return task === undefined ? undefined : taskName(task, target.label);
        },
        timestamps: terminalSettings.logsTimestamps,
      });
      const terminal = vscode.window.createTerminal({
        name: t('Logs: {0}', target.label),
        pty,
        iconPath: new vscode.ThemeIcon('output'),
      });
      terminal.show();
    } catch (err) {
      void ui.window.showErrorMessage(
        t('Could not follow the logs of "{0}": {1}', target.label, failureMessage(err, client)),
      );
    }
  }
}

/** The swarm commands: nodes, services, tasks (secrets and configs are in swarmData.ts). */
export function registerSwarmCommands(deps: ResourceDeps): vscode.Disposable[] {
  const t = deps.ui.t;
  const commands: Record<string, Handler> = {
    'nodes.drain': (node, selected) =>
      swarmAction(
        deps,
        'swarmNode',
        node,
        selected,
        {
          placeHolder: t('Nodes to drain'),
          filter: (state) => !state.endsWith('.drain'),
          question: (labels) => drainQuestion(labels, t),
          title: t('Draining nodes'),
          failed: (label) => t('Could not drain "{0}":', label),
        },
        nodeChange({ availability: 'drain' }),
      ),
    'nodes.activate': (node, selected) =>
      swarmAction(
        deps,
        'swarmNode',
        node,
        selected,
        {
          placeHolder: t('Nodes to activate'),
          filter: (state) => !state.endsWith('.active'),
          title: t('Activating nodes'),
          failed: (label) => t('Could not activate "{0}":', label),
        },
        nodeChange({ availability: 'active' }),
      ),
    'nodes.promote': (node, selected) =>
      swarmAction(
        deps,
        'swarmNode',
        node,
        selected,
        {
          placeHolder: t('Workers to promote to managers'),
          filter: (state) => state.startsWith('worker.'),
          title: t('Promoting nodes'),
          failed: (label) => t('Could not promote "{0}":', label),
        },
        nodeChange({ role: 'manager' }),
      ),
    'nodes.demote': (node, selected) =>
      swarmAction(
        deps,
        'swarmNode',
        node,
        selected,
        {
          placeHolder: t('Managers to demote to workers'),
          filter: (state) => state.startsWith('manager.'),
          question: (labels) => demoteQuestion(labels, t),
          title: t('Demoting nodes'),
          failed: (label) => t('Could not demote "{0}":', label),
        },
        nodeChange({ role: 'worker' }),
      ),
    'nodes.inspect': (node, selected) =>
      inspectSwarmObjects(deps, 'swarmNode', node, selected, t('Node to inspect')),
    'services.scale': (node, selected) => scale(deps, node, selected),
    'services.updateImage': (node, selected) => updateImage(deps, node, selected),
    'services.redeploy': (node, selected) =>
      swarmAction(
        deps,
        'service',
        node,
        selected,
        {
          placeHolder: t('Services to redeploy'),
          question: (labels) => redeployQuestion(labels, t),
          title: t('Redeploying services'),
          failed: (label) => t('Could not redeploy "{0}":', label),
        },
        serviceChange(deps, { kind: 'force' }),
      ),
    'services.rollback': (node, selected) =>
      swarmAction(
        deps,
        'service',
        node,
        selected,
        {
          placeHolder: t('Services to roll back'),
          question: (labels) => rollbackQuestion(labels, t),
          title: t('Rolling services back'),
          failed: (label) => t('Could not roll back "{0}":', label),
        },
        async (swarm, target, signal) => {
          await swarm.rollbackService(target.id, signal);
        },
      ),
    'services.remove': (node, selected) =>
      swarmAction(
        deps,
        'service',
        node,
        selected,
        {
          placeHolder: t('Services to remove'),
          question: (labels) => removeServicesQuestion(labels, t),
          title: t('Removing services'),
          failed: (label) => t('Could not remove "{0}":', label),
        },
        (swarm, target, signal) => swarm.removeService(target.id, signal),
      ),
    'services.logs': (node, selected) => logs(deps, node, selected),
    'services.inspect': (node, selected) =>
      inspectSwarmObjects(deps, 'service', node, selected, t('Service to inspect')),
    'tasks.inspect': (node, selected) =>
      inspectSwarmObjects(deps, 'task', node, selected, t('Task to inspect')),
  };
  return Object.entries(commands).map(([name, handler]) =>
    vscode.commands.registerCommand(`dockwright.swarm.${name}`, handler),
  );
}
