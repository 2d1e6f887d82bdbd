import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { ComposeAction, ComposeTool } from '../compose/composeCommand';
import { commandText, composeCommandLine } from '../compose/composeCommand';
import type { ComposeProjectDefinition } from '../compose/composeFile';
import type { ProjectView } from '../compose/composeProjects';
import {
  buildProjects,
  containerComposeFiles,
  projectOfContainer,
  serviceOfContainer,
} from '../compose/composeProjects';
import type { TargetWords } from '../compose/composeQuestions';
import { downQuestion, noToolMessage, replicasProblem, targetLabel } from '../compose/composeQuestions';
import { detectComposeTool, runCompose } from '../compose/composeRunner';
import type { ProjectPart } from '../compose/composeTarget';
import { composeTargetOf, profilePart, servicesPart, wholeProject } from '../compose/composeTarget';
import { serviceLocations } from '../compose/serviceLocations';
import { looksLikeComposeFile } from '../compose/projectName';
import { describeDockerError } from '../docker/errors';
import type { ContainerSummary } from '../docker/types';
import { ProjectLogsTerminal } from '../terminals/projectLogsTerminal';
import { terminalSettings } from '../terminals/terminalSettings';
import type { ComposeTree } from '../views/composeTree';
import { composeServiceName } from '../views/compose';
import type { ExplorerNode } from '../views/explorerNodes';
import { clientOf } from './pick';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  vscode.l10n.t(message, ...args);

/** What the Compose commands need from the composition root. */
export interface ComposeCommandsContext {
  readonly tree: ComposeTree;
  readonly log: vscode.LogOutputChannel;
}

/** An action's target: which daemon, which project, which part of it. */
interface Resolved extends ProjectPart {
  daemonId: string;
}

/** The argument a CodeLens or a caller may pass instead of a node: a file and maybe a service. */
interface FileArgument {
  file: string;
  service?: string;
}

function isFileArgument(value: unknown): value is FileArgument {
  return typeof value === 'object' && value !== null && typeof (value as FileArgument).file === 'string';
}

function isNode(value: unknown): value is ExplorerNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ExplorerNode).kind === 'string' &&
    typeof (value as ExplorerNode).daemonId === 'string'
  );
}

/** Runs Compose and shows what it says; one output channel for every run. */
class ComposeActions {
  private tool: ComposeTool | undefined;
  private readonly output = vscode.window.createOutputChannel('Dockwright: Compose');

  constructor(private readonly ctx: ComposeCommandsContext) {}

  private get tree(): ComposeTree {
    return this.ctx.tree;
  }

  /** The Compose tool, found once (looked for again while there is none). */
  private async composeTool(): Promise<ComposeTool | undefined> {
    if (this.tool === undefined) {
      this.tool = await detectComposeTool(process.env);
      const tool = this.tool;
      this.ctx.log.info(
        tool === undefined
          ? 'Compose: neither "docker compose" nor "docker-compose" runs'
          : `Compose: using ${[tool.command, ...tool.prefix].join(' ')} ${tool.versionText} (${tool.version})`,
      );
    }
    return this.tool;
  }

  /** The project of a daemon by name, built afresh from the model and the files. */
  private project(
    daemonId: string,
    name: string,
    definition?: ComposeProjectDefinition,
  ): ProjectView | undefined {
    const found = this.tree.projects(daemonId).find((p) => p.name === name);
    if (found !== undefined || definition === undefined) {
      return found;
    }
    const containers = this.tree.explorerEntry(daemonId)?.model.containers().values() ?? [];
    return buildProjects([definition], containers).find((p) => p.name === name);
  }

  /** The target of a command from a node, a file (editor, explorer, CodeLens) or a quick pick. */
  async resolve(arg: unknown, serviceLevel = false): Promise<Resolved | undefined> {
    if (isNode(arg)) {
      const place = this.tree.placeOf(arg);
      const project = place && this.project(arg.daemonId, place.project);
      if (place === undefined || project === undefined) {
        return undefined;
      }
      if (arg.kind === 'composeService') {
        const service = project.services.find((s) => s.name === place.service);
        return service && { daemonId: arg.daemonId, ...servicesPart(project, [service]) };
      }
      if (arg.kind === 'composeProfile') {
        return { daemonId: arg.daemonId, ...profilePart(project, place.profile) };
      }
      return this.narrow({ daemonId: arg.daemonId, ...wholeProject(project) }, serviceLevel);
    }
    const file = isFileArgument(arg)
      ? arg.file
      : arg instanceof vscode.Uri
        ? arg.fsPath
        : this.activeComposeFile();
    if (file !== undefined) {
      const definition = await this.tree.workspace.forFile(file);
      const daemonId = this.primaryDaemon();
      const project =
        daemonId === undefined ? undefined : this.project(daemonId, definition.name, definition);
      if (daemonId === undefined || project === undefined) {
        return undefined;
      }
      const named = isFileArgument(arg) ? arg.service : undefined;
      const service = named === undefined ? undefined : project.services.find((s) => s.name === named);
      if (service !== undefined) {
        return { daemonId, ...servicesPart(project, [service]) };
      }
      return this.narrow({ daemonId, ...wholeProject(project) }, serviceLevel);
    }
    return this.pickProject(serviceLevel);
  }

  private activeComposeFile(): string | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    return doc !== undefined && doc.uri.scheme === 'file' && looksLikeComposeFile(doc.uri.fsPath)
      ? doc.uri.fsPath
      : undefined;
  }

  private primaryDaemon(): string | undefined {
    return this.tree.daemonIds()[0];
  }

  /** A project chosen from every daemon's. */
  private async pickProject(serviceLevel: boolean): Promise<Resolved | undefined> {
    await this.tree.workspace.ready;
    const several = this.tree.daemonIds().length > 1;
    const items = this.tree.daemonIds().flatMap((daemonId) =>
      this.tree.projects(daemonId).map((project) => ({
        label: project.name,
        description: several ? daemonId : (project.definition?.files[0] ?? project.labelFiles[0] ?? ''),
        detail: t('{0} services, {1} containers', project.services.length, project.containers.length),
        daemonId,
        project,
      })),
    );
    if (items.length === 0) {
      void vscode.window.showInformationMessage(
        t(
          'There are no Compose projects: no compose file in the workspace and no container made by Compose.',
        ),
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: t('Choose a Compose project'),
      matchOnDescription: true,
    });
    return (
      picked && this.narrow({ daemonId: picked.daemonId, ...wholeProject(picked.project) }, serviceLevel)
    );
  }

  /** For service-level commands (scale), a service of the project picked from a list. */
  private async narrow(resolved: Resolved, serviceLevel: boolean): Promise<Resolved | undefined> {
    if (!serviceLevel) {
      return resolved;
    }
    const services = resolved.project.services.filter((s) => s.defined);
    if (services.length === 0) {
      void vscode.window.showInformationMessage(
        t('Project "{0}" defines no service.', resolved.project.name),
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      services.map((s) => ({
        label: s.name,
        description: t('{0} containers', s.containers.length),
        service: s,
      })),
      { title: t('Choose a service of "{0}"', resolved.project.name) },
    );
    return picked && { daemonId: resolved.daemonId, ...servicesPart(resolved.project, [picked.service]) };
  }

  private words(r: Resolved): TargetWords {
    return {
      project: r.project.name,
      ...(r.profile !== undefined ? { profile: r.profile } : {}),
      services: r.services.map((s) => s.name),
      whole: r.whole,
    };
  }

  /** Runs one action with progress and cancellation, its output in the Compose output channel. */
  async run(r: Resolved, action: ComposeAction, title: string): Promise<boolean> {
    const tool = await this.composeTool();
    if (tool === undefined) {
      void vscode.window.showErrorMessage(noToolMessage(t));
      return false;
    }
    if (r.profile !== undefined && r.services.length === 0) {
      void vscode.window.showInformationMessage(t('Profile "{0}" has no service.', r.profile));
      return false;
    }
    const daemon = this.tree.explorerEntry(r.daemonId)?.daemon;
    const endpoint = daemon?.connection.endpoint;
    const line = composeCommandLine(tool, composeTargetOf(r, action), action, {
      env: process.env,
      ...(endpoint !== undefined ? { endpoint } : {}),
    });
    const text = commandText(line);
    this.output.appendLine(`$ ${text}`);
    this.output.show(true);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return runCompose(line, { onOutput: (chunk) => this.output.append(chunk), signal: abort.signal });
      },
    );
    const showOutput = t('Show Output');
    if (result.error !== undefined) {
      this.output.appendLine(result.error);
      void vscode.window.showErrorMessage(t('Could not run "{0}": {1}', text, result.error));
      this.tool = undefined;
      return false;
    }
    if (result.cancelled) {
      this.output.appendLine(t('Cancelled.'));
      void vscode.window.showInformationMessage(t('{0}: cancelled.', title));
      return false;
    }
    this.output.appendLine(t('Exit code {0}.', result.code ?? '?'));
    this.output.appendLine('');
    if (result.code !== 0) {
      const choice = await vscode.window.showErrorMessage(
        t('{0} failed: Compose exited with code {1}.', title, result.code ?? '?'),
        showOutput,
      );
      if (choice === showOutput) this.output.show();
      return false;
    }
    return true;
  }

  /** A lifecycle action on the target of `arg`. */
  async simple(arg: unknown, action: ComposeAction, verb: (label: string) => string): Promise<void> {
    const r = await this.resolve(arg);
    if (r !== undefined) {
      await this.run(r, action, verb(targetLabel(this.words(r), t)));
    }
  }

  async down(arg: unknown): Promise<void> {
    const r = await this.resolve(arg);
    if (r === undefined) {
      return;
    }
    const containers = r.whole
      ? r.project.containers.length
      : r.services.reduce((n, s) => n + s.containers.length, 0);
    const question = downQuestion(this.words(r), containers, t);
    const answer = await vscode.window.showWarningMessage(
      question.message,
      { modal: true, detail: question.detail },
      question.keep,
      question.withVolumes,
    );
    if (answer === undefined) {
      return;
    }
    const volumes = answer === question.withVolumes;
    await this.run(r, { kind: 'down', volumes }, t('Bringing down {0}', targetLabel(this.words(r), t)));
  }

  async scale(arg: unknown): Promise<void> {
    const r = await this.resolve(arg, true);
    const service = r?.services[0];
    if (r === undefined || service === undefined) {
      return;
    }
    const count = await vscode.window.showInputBox({
      title: t('Scale service "{0}"', service.name),
      prompt: t('How many containers of "{0}" should run?', service.name),
      value: String(Math.max(1, service.containers.length)),
      validateInput: (text) => replicasProblem(text, t),
    });
    if (count === undefined) {
      return;
    }
    await this.run(
      { daemonId: r.daemonId, ...servicesPart(r.project, [service]) },
      { kind: 'scale', replicas: Number(count.trim()) },
      t('Scaling "{0}" to {1}', service.name, count.trim()),
    );
  }

  /** The logs of every container of the target in one terminal, each line after its service. */
  async logs(arg: unknown): Promise<ProjectLogsTerminal | undefined> {
    const r = await this.resolve(arg);
    if (r === undefined) {
      return undefined;
    }
    const containers = r.whole ? r.project.containers : r.services.flatMap((s) => s.containers);
    const label = targetLabel(this.words(r), t);
    if (containers.length === 0) {
      void vscode.window.showInformationMessage(t('{0} has no containers: bring it up first.', label));
      return undefined;
    }
    let client;
    try {
      client = clientOf(this.tree.explorerRef, r.daemonId, t);
    } catch (err) {
      void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
      return undefined;
    }
    const pty = new ProjectLogsTerminal({
      engine: client,
      containers: containers.map((c) => ({ id: c.id, prefix: composeServiceName(c) ?? c.name })),
      tail: terminalSettings.logsTail(),
      title: label,
      t,
      describe: (err) => describeDockerError(err, client.endpoint),
    });
    const terminal = vscode.window.createTerminal({
      name: t(
        'Logs: {0}',
        r.project.name + (r.whole ? '' : ` ${r.profile ?? r.services.map((s) => s.name).join(',')}`),
      ),
      pty,
      iconPath: new vscode.ThemeIcon('output'),
    });
    terminal.show();
    return pty;
  }

  /** Opens the compose file that defines a container's (or a service node's) service at its key. */
  async openFile(arg: unknown): Promise<void> {
    let files: string[] = [];
    let service: string | undefined;
    if (isNode(arg) && arg.kind === 'container') {
      const c: ContainerSummary | undefined = this.tree
        .explorerEntry(arg.daemonId)
        ?.model.containers()
        .get(arg.key);
      if (c === undefined || projectOfContainer(c) === undefined) {
        void vscode.window.showInformationMessage(t('This container was not made by Docker Compose.'));
        return;
      }
      service = serviceOfContainer(c);
      const project = this.project(arg.daemonId, projectOfContainer(c) ?? '');
      const defined = project?.definition?.services.find((s) => s.name === service)?.files ?? [];
      files = defined.length > 0 ? defined : containerComposeFiles(c).files;
    } else {
      const r = await this.resolve(arg);
      if (r === undefined) return;
      service = r.whole ? undefined : r.services[0]?.name;
      const defined = r.project.definition?.services.find((s) => s.name === service)?.files ?? [];
      files = defined.length > 0 ? defined : (r.project.definition?.files ?? r.project.labelFiles);
    }
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const at = serviceLocations(text).find((l) => l.name === service);
      if (service !== undefined && at === undefined && files.length > 1) continue;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const editor = await vscode.window.showTextDocument(doc);
      if (at !== undefined) {
        const range = new vscode.Range(doc.positionAt(at.start), doc.positionAt(at.end));
        editor.selection = new vscode.Selection(range.start, range.end);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
      return;
    }
    void vscode.window.showErrorMessage(
      files.length === 0
        ? t('No compose file is known for this project.')
        : t('The compose file cannot be read here: {0}', files.join(', ')),
    );
  }
}

/** Registers every Compose command. */
export function registerComposeCommands(ctx: ComposeCommandsContext): vscode.Disposable {
  const actions = new ComposeActions(ctx);
  const simple =
    (kind: 'start' | 'stop' | 'restart' | 'pause' | 'unpause', verb: (label: string) => string) =>
    (arg: unknown) =>
      actions.simple(arg, { kind }, verb);
  const registrations: [string, (arg?: unknown, selected?: unknown) => unknown][] = [
    [
      'dockwright.compose.up',
      (arg) => actions.simple(arg, { kind: 'up', build: false }, (l) => t('Starting {0}', l)),
    ],
    [
      'dockwright.compose.upBuild',
      (arg) => actions.simple(arg, { kind: 'up', build: true }, (l) => t('Building and starting {0}', l)),
    ],
    ['dockwright.compose.down', (arg) => actions.down(arg)],
    ['dockwright.compose.start', simple('start', (l) => t('Starting the containers of {0}', l))],
    ['dockwright.compose.stop', simple('stop', (l) => t('Stopping {0}', l))],
    ['dockwright.compose.restart', simple('restart', (l) => t('Restarting {0}', l))],
    ['dockwright.compose.pause', simple('pause', (l) => t('Pausing {0}', l))],
    ['dockwright.compose.unpause', simple('unpause', (l) => t('Resuming {0}', l))],
    ['dockwright.compose.scale', (arg) => actions.scale(arg)],
    ['dockwright.compose.logs', (arg) => actions.logs(arg)],
    ['dockwright.compose.openFile', (arg) => actions.openFile(arg)],
    ['dockwright.compose.revealService', (arg) => ctx.tree.revealService(arg)],
    ['dockwright.compose.refresh', () => ctx.tree.workspace.scan()],
  ];
  return vscode.Disposable.from(
    ...registrations.map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
  );
}
