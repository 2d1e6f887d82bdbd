// Build Image: from the language server's code lens (document and stage), the explorer's and the
// editor title's menus on a Dockerfile, or the palette (then a quick pick of the workspace's
// Dockerfiles). Output streams into a terminal named after the image; a notification shows the
// current step and cancels.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildResult, ProgressLine } from '../docker/buildProgress';
import { runBuild } from '../docker/buildProgress';
import {
  argsWithoutDefault,
  defaultTag,
  parseBuildArgs,
  stageChoices,
  stageNames,
} from '../docker/buildInputs';
import type { Daemons } from '../docker/daemons';
import { IgnorePatternError } from '../docker/dockerignore';
import { describeDockerError } from '../docker/errors';

/** The command id the code lenses, menus and palette run. */
export const buildImageCommand = 'dockwright.buildImage';

/** What the build command works with. */
export interface BuildCommandDeps {
  readonly state: vscode.Memento;
  readonly daemons: Daemons;
  readonly log: vscode.LogOutputChannel;
}

const dockerfileGlob = '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,Dockerfile.*,Containerfile.*}';

/** The build settings, validated. */
function buildSettings(): {
  args: Record<string, string>;
  platform: string;
  network: string;
  context: 'dockerfile' | 'workspace';
  builder: 'auto' | '1' | '2';
} {
  const section = vscode.workspace.getConfiguration('dockwright.build');
  const rawArgs = section.get<unknown>('args');
  const args: Record<string, string> = {};
  if (rawArgs !== null && typeof rawArgs === 'object' && !Array.isArray(rawArgs)) {
    for (const [key, value] of Object.entries(rawArgs as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        args[key] = String(value);
      }
    }
  }
  const platform = section.get<unknown>('platform');
  const network = section.get<unknown>('network');
  const context = section.get<unknown>('context');
  const builder = section.get<unknown>('builder');
  return {
    args,
    platform: typeof platform === 'string' ? platform.trim() : '',
    network: typeof network === 'string' ? network.trim() : '',
    context: context === 'workspace' ? 'workspace' : 'dockerfile',
    builder: builder === 'classic' ? '1' : builder === 'buildkit' ? '2' : 'auto',
  };
}

/** Why a tag is not a valid image reference, or undefined. */
export function tagProblem(tag: string): string | undefined {
  const reference =
    /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/;
  if (tag.trim() === '') {
    return vscode.l10n.t('Give the image a name, such as myapp:latest.');
  }
  if (!reference.test(tag.trim())) {
    return vscode.l10n.t(
      'Not a valid image name: use lowercase letters, digits, ".", "_", "-" and "/", then ":tag".',
    );
  }
  return undefined;
}

/** The Dockerfile from a lens (a URI string), a menu (a Uri) or, from the palette, a quick pick. */
async function resolveDockerfile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  if (typeof arg === 'string' && arg !== '') {
    return vscode.Uri.parse(arg);
  }
  const active = vscode.window.activeTextEditor?.document;
  const files = await vscode.workspace.findFiles(dockerfileGlob, '**/node_modules/**', 200);
  if (files.length === 0) {
    if (active?.languageId === 'dockerfile') {
      return active.uri;
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('No Dockerfile found in this workspace.'));
    return undefined;
  }
  if (files.length === 1) {
    return files[0];
  }
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => {
      // The open Dockerfile first, then by path.
      const aActive = a.uri.toString() === active?.uri.toString() ? 0 : 1;
      const bActive = b.uri.toString() === active?.uri.toString() ? 0 : 1;
      return aActive - bActive || a.label.localeCompare(b.label);
    });
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: vscode.l10n.t('Dockerfile to build'),
  });
  return picked?.uri;
}

/** A terminal that shows what it is given; writes before it opens are kept. */
class BuildTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  private opened = false;
  private held: string[] = [];

  open(): void {
    this.opened = true;
    for (const text of this.held) {
      this.writer.fire(text);
    }
    this.held = [];
  }

  close(): void {
    this.opened = false;
  }

  line(line: ProgressLine): void {
    const colour: Record<ProgressLine['kind'], string> = {
      step: '\x1b[1m',
      log: '',
      done: '\x1b[32m',
      error: '\x1b[1;31m',
      warning: '\x1b[33m',
      info: '\x1b[36m',
    };
    const start = colour[line.kind];
    const text = `${start}${line.text.replace(/\r?\n/g, '\r\n')}${start === '' ? '' : '\x1b[0m'}\r\n`;
    if (this.opened) {
      this.writer.fire(text);
    } else {
      this.held.push(text);
    }
  }
}

/** The folder the context is taken from: the Dockerfile's, or its workspace folder's when asked. */
function contextRoot(dockerfile: vscode.Uri, choice: 'dockerfile' | 'workspace'): string {
  const folder = vscode.workspace.getWorkspaceFolder(dockerfile);
  if (choice === 'workspace' && folder !== undefined && folder.uri.scheme === 'file') {
    return folder.uri.fsPath;
  }
  return path.dirname(dockerfile.fsPath);
}

const tagKey = (dockerfile: vscode.Uri): string => `dockwright.build.tag:${dockerfile.toString()}`;
const argsKey = (dockerfile: vscode.Uri): string => `dockwright.build.args:${dockerfile.toString()}`;
const stageKey = (dockerfile: vscode.Uri): string => `dockwright.build.stage:${dockerfile.toString()}`;

/**
 * Asks for the `ARG`s the Dockerfile leaves without a default and the setting does not give
 * (remembered per Dockerfile). Resolves to {} when there is nothing to ask, undefined on Escape.
 */
async function askBuildArgs(
  deps: BuildCommandDeps,
  dockerfile: vscode.Uri,
  text: string,
  fromSettings: Record<string, string>,
): Promise<Record<string, string> | undefined> {
  const missing = argsWithoutDefault(text).filter((name) => !(name in fromSettings));
  if (missing.length === 0) {
    return {};
  }
  const remembered = deps.state.get<string>(argsKey(dockerfile));
  const answer = await vscode.window.showInputBox({
    title: vscode.l10n.t('Build arguments'),
    prompt: vscode.l10n.t('NAME=value pairs separated by spaces; leave a value out to use none'),
    value: remembered ?? missing.map((name) => `${name}=`).join(' '),
    validateInput: (value) =>
      parseBuildArgs(value) === undefined ? vscode.l10n.t('Write each argument as NAME=value.') : undefined,
  });
  if (answer === undefined) {
    return undefined;
  }
  await deps.state.update(argsKey(dockerfile), answer.trim());
  const parsed = parseBuildArgs(answer) ?? {};
  // `NAME=` with nothing after it means: not given, so the Dockerfile's own handling applies.
  return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== ''));
}

/** The Dockerfile's text, or '' when it cannot be read (the build then says why). */
async function readText(dockerfile: vscode.Uri): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(dockerfile));
  } catch {
    return '';
  }
}

/**
 * In a Dockerfile of several stages, asks which one to build up to, the whole Dockerfile first.
 * Resolves to '' for the whole Dockerfile (and when there is nothing to choose), undefined on Escape.
 */
async function askTarget(
  deps: BuildCommandDeps,
  dockerfile: vscode.Uri,
  text: string,
): Promise<string | undefined> {
  const stages = stageNames(text);
  const froms = text.split(/\r?\n/).filter((line) => /^\s*FROM\s/i.test(line)).length;
  if (stages.length === 0 || froms < 2) {
    return '';
  }
  const items = stageChoices(stages, deps.state.get<string>(stageKey(dockerfile))).map((choice) => {
    const description =
      choice.stage === '' ? vscode.l10n.t('its last stage') : vscode.l10n.t('stop at this stage');
    return {
      label: choice.stage === '' ? vscode.l10n.t('The whole Dockerfile') : choice.stage,
      description: choice.last ? vscode.l10n.t('{0} · built last time', description) : description,
      stage: choice.stage,
    };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Build image'),
    placeHolder: vscode.l10n.t('Stage to build (--target)'),
  });
  if (picked !== undefined) await deps.state.update(stageKey(dockerfile), picked.stage);
  return picked?.stage;
}

/** Runs one build from start to end; resolves when it is over. */
export async function buildImage(
  deps: BuildCommandDeps,
  uriArg?: unknown,
  targetArg?: unknown,
): Promise<void> {
  const dockerfile = await resolveDockerfile(uriArg);
  if (dockerfile === undefined) {
    return;
  }
  if (dockerfile.scheme !== 'file') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Only Dockerfiles on this machine can be built.'));
    return;
  }
  const connection = deps.daemons.primary.connection;
  const client = connection.client;
  if (client === undefined) {
    void vscode.window.showErrorMessage(
      connection.reason ?? vscode.l10n.t('Docker is not connected yet; try again in a moment.'),
    );
    return;
  }
  const text = await readText(dockerfile);
  // Menus pass the selected Uris second; only the code lens passes a stage name. Otherwise a
  // Dockerfile of several stages asks which one.
  let target = typeof targetArg === 'string' && targetArg !== '' ? targetArg : undefined;
  if (target === undefined) {
    const chosen = await askTarget(deps, dockerfile, text);
    if (chosen === undefined) {
      return;
    }
    target = chosen === '' ? undefined : chosen;
  }
  const settings = buildSettings();
  const root = contextRoot(dockerfile, settings.context);
  const remembered = deps.state.get<string>(tagKey(dockerfile));
  const tag = await vscode.window.showInputBox({
    title: target === undefined ? vscode.l10n.t('Build image') : vscode.l10n.t('Build stage {0}', target),
    prompt: vscode.l10n.t('Image name and tag'),
    value: remembered ?? defaultTag(path.basename(root)),
    validateInput: tagProblem,
  });
  if (tag === undefined) {
    return;
  }
  const name = tag.trim();
  await deps.state.update(tagKey(dockerfile), name);
  const asked = await askBuildArgs(deps, dockerfile, text, settings.args);
  if (asked === undefined) {
    return;
  }
  const buildArgs = { ...settings.args, ...asked };

  const terminal = new BuildTerminal();
  const shown = vscode.window.createTerminal({ name: vscode.l10n.t('Build {0}', name), pty: terminal });
  shown.show(true);
  terminal.line({ text: vscode.l10n.t('Building {0} from {1}', name, dockerfile.fsPath), kind: 'info' });
  if (target !== undefined) {
    terminal.line({ text: vscode.l10n.t('Target stage: {0}', target), kind: 'info' });
  }
  terminal.line({ text: vscode.l10n.t('Context: {0}', root), kind: 'info' });

  let result: BuildResult;
  try {
    result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Building {0}', name),
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          return await runBuild(
            client,
            {
              root,
              dockerfile: dockerfile.fsPath,
              tag: name,
              builder: settings.builder,
              ...(target !== undefined ? { target } : {}),
              ...(Object.keys(buildArgs).length > 0 ? { buildArgs } : {}),
              ...(settings.platform !== '' ? { platform: settings.platform } : {}),
              ...(settings.network !== '' ? { networkMode: settings.network } : {}),
            },
            (line) => {
              terminal.line(line);
              if (line.kind === 'step') {
                progress.report({ message: line.text });
              }
            },
            controller.signal,
          );
        } finally {
          subscription.dispose();
        }
      },
    );
  } catch (err) {
    const message =
      err instanceof IgnorePatternError
        ? vscode.l10n.t('The .dockerignore file has a bad pattern: {0}', err.message)
        : describeDockerError(err, client.endpoint);
    terminal.line({ text: message, kind: 'error' });
    deps.log.error(`Build of ${name} failed to start: ${message}`);
    void vscode.window.showErrorMessage(message);
    return;
  }
  report(deps, terminal, shown, name, result);
}

function report(
  deps: BuildCommandDeps,
  terminal: BuildTerminal,
  shown: vscode.Terminal,
  name: string,
  result: BuildResult,
): void {
  if (result.cancelled) {
    terminal.line({ text: vscode.l10n.t('Build cancelled.'), kind: 'warning' });
    return;
  }
  if (result.error !== undefined) {
    const where = result.failedStep !== undefined ? vscode.l10n.t(' at {0}', result.failedStep) : '';
    terminal.line({ text: vscode.l10n.t('Build failed{0}: {1}', where, result.error), kind: 'error' });
    deps.log.warn(`Build of ${name} failed${where}: ${result.error}`);
    const show = vscode.l10n.t('Show Output');
    void vscode.window
      .showErrorMessage(vscode.l10n.t('Build of {0} failed{1}: {2}', name, where, result.error), show)
      .then((choice) => {
        if (choice === show) {
          shown.show();
        }
      });
    return;
  }
  const id = result.imageId?.replace(/^sha256:/, '').slice(0, 12) ?? '';
  terminal.line({ text: vscode.l10n.t('Built {0} ({1})', name, id), kind: 'done' });
  if (result.builder === '1') {
    terminal.line({ text: vscode.l10n.t('Built with the classic builder.'), kind: 'info' });
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('Built {0}', name));
}

/** Registers `dockwright.buildImage(uri?, target?)`. */
export function registerBuildCommand(deps: BuildCommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(buildImageCommand, (uri?: unknown, target?: unknown) =>
    buildImage(deps, uri, target),
  );
}
