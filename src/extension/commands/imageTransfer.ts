// Pull and Push on the Images view: a reference asked for (recent ones offered first) or the
// clicked tag, the registry's credentials from Docker's config, per-layer progress, cancellable.
import type * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import { splitImageName } from '../docker/imageName';
import type { TransferProgress } from '../docker/layerProgress';
import { progressMessage, TransferCancelled } from '../docker/layerProgress';
import { pullImage } from '../docker/pullImage';
import { pushImage } from '../docker/pushImage';
import { describeRegistryFailure } from '../docker/registryFailure';
import type { RegistryCredential } from '../registries/credentials';
import { CredentialError, knownRegistries, resolveDockerCredential } from '../registries/credentials';
import type { Explorer } from '../views/explorer';
import { askModal, parseReference } from './confirm';
import type { CommandUi } from './pick';
import { clientOf, failureMessage, paletteDaemon, resolveTargets } from './pick';

/** What the pull and push commands are built on. */
export interface ImageActionDeps {
  readonly explorer: Explorer;
  readonly ui: CommandUi;
  /** Workspace state: recent pulls, the Run answers per image. */
  readonly state: vscode.Memento;
}

const recentPullsKey = 'dockwright.images.pull.recent';
const recentLength = 15;
/** How often the progress notification's text changes at most (besides a layer finishing). */
const reportIntervalMs = 150;

/** Why a reference cannot be pulled, or undefined: `[host/]path[:tag][@sha256:…]`. */
export function pullReferenceProblem(text: string, t: CommandUi['t']): string | undefined {
  const value = text.trim();
  const at = value.indexOf('@');
  if (at >= 0 && !/^sha256:[0-9a-f]{64}$/.test(value.slice(at + 1))) {
    return t('A digest is written sha256: followed by 64 lowercase hexadecimal digits.');
  }
  const parsed = parseReference(at >= 0 ? value.slice(0, at) : value, t);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/** The daemon a command acts on: the clicked node's, else the palette's. */
function daemonOf(explorer: Explorer, node: unknown): string | undefined {
  const id =
    typeof node === 'object' && node !== null ? (node as { daemonId?: unknown }).daemonId : undefined;
  return typeof id === 'string' ? id : paletteDaemon(explorer);
}

function recentPulls(state: vscode.Memento): string[] {
  const stored = state.get<unknown>(recentPullsKey);
  return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
}

/** Asks which image to pull: a recent one, or one typed. */
async function askPullReference(deps: ImageActionDeps): Promise<string | undefined> {
  const { ui, state } = deps;
  const t = ui.t;
  const recent = recentPulls(state);
  if (recent.length > 0) {
    const other = { label: t('$(edit) Another image…'), reference: undefined };
    const chosen = await ui.window.showQuickPick(
      [...recent.map((reference) => ({ label: reference, description: t('recent'), reference })), other],
      { placeHolder: t('Image to pull') },
    );
    if (chosen === undefined) {
      return undefined;
    }
    if (chosen.reference !== undefined) {
      return chosen.reference;
    }
  }
  const typed = await ui.window.showInputBox({
    title: t('Pull an image'),
    prompt: t('The image as [registry/]repository[:tag] or [registry/]repository@sha256:…'),
    placeHolder: 'registry.example:5000/team/app:1.0',
    validateInput: (value) => pullReferenceProblem(value, t),
  });
  return typed === undefined || typed.trim() === '' ? undefined : typed.trim();
}

/** The credential Docker has for a host; a broken config or helper is said and ends the command. */
async function credentialFor(ui: CommandUi, host: string): Promise<RegistryCredential | undefined | false> {
  try {
    return await resolveDockerCredential(host);
  } catch (err) {
    if (err instanceof CredentialError) {
      void ui.window.showErrorMessage(ui.t('Could not read the credentials for {0}: {1}', host, err.message));
      return false;
    }
    throw err;
  }
}

/** Runs a pull or push under a cancellable progress notification; says how it went. */
async function transfer(
  deps: ImageActionDeps,
  daemonId: string,
  action: 'pull' | 'push',
  reference: string,
  run: (
    client: DockerClient,
    credential: RegistryCredential | undefined,
    onProgress: (p: TransferProgress) => void,
    signal: AbortSignal,
  ) => Promise<string>,
): Promise<boolean> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const host = splitImageName(reference).host;
  let client: DockerClient | undefined;
  let credential: RegistryCredential | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const found = await credentialFor(ui, host);
    if (found === false) {
      return false;
    }
    credential = found;
    const c = client;
    const done = await ui.progress(
      action === 'pull' ? t('Pulling {0}', reference) : t('Pushing {0}', reference),
      (report, signal) => {
        // The Engine sends many messages a second per layer; a notification needs far fewer.
        let shownAt = 0;
        let shownDone = -1;
        const onProgress = (p: TransferProgress): void => {
          const done = p.layers.filter((l) => l.done).length;
          const now = Date.now();
          if (now - shownAt >= reportIntervalMs || done !== shownDone) {
            shownAt = now;
            shownDone = done;
            report(progressMessage(p, t));
          }
        };
        return run(c, credential, onProgress, signal);
      },
    );
    void ui.window.showInformationMessage(done);
    return true;
  } catch (err) {
    if (err instanceof TransferCancelled) {
      return false;
    }
    const registry = describeRegistryFailure(err, { host, reference, action, credential }, t);
    const message = registry ?? failureMessage(err, client);
    void ui.window.showErrorMessage(
      action === 'pull'
        ? t('Could not pull {0}: {1}', reference, message)
        : t('Could not push {0}: {1}', reference, message),
    );
    return false;
  }
}

/** Pulls an image named by the user (or a reference handed in, as the Registries view does). */
export async function pullCommand(
  deps: ImageActionDeps,
  node?: unknown,
  reference?: string,
): Promise<boolean> {
  const daemonId = daemonOf(deps.explorer, node);
  if (daemonId === undefined) {
    return false;
  }
  const wanted = reference ?? (await askPullReference(deps));
  if (wanted === undefined) {
    return false;
  }
  const t = deps.ui.t;
  const problem = pullReferenceProblem(wanted, t);
  if (problem !== undefined) {
    void deps.ui.window.showErrorMessage(problem);
    return false;
  }
  const recent = recentPulls(deps.state);
  await deps.state.update(
    recentPullsKey,
    [wanted, ...recent.filter((r) => r !== wanted)].slice(0, recentLength),
  );
  return transfer(deps, daemonId, 'pull', wanted, async (client, credential, onProgress, signal) => {
    const result = await pullImage(client, wanted, credential, onProgress, signal);
    return result.upToDate
      ? t('{0} is already up to date.', result.reference)
      : t('Pulled {0}.', result.reference);
  });
}

/** Asks which registry an image without one goes to: those Docker has logins for, or one typed. */
async function askRegistry(ui: CommandUi, reference: string): Promise<string | undefined> {
  const t = ui.t;
  let known: string[] = [];
  try {
    known = (await knownRegistries()).filter((host) => host !== 'docker.io');
  } catch {
    // An unreadable config.json only means no suggestions; the push will say more.
  }
  const other = { label: t('$(edit) Another registry…'), host: undefined as string | undefined };
  const hub = { label: 'docker.io', description: t('Docker Hub, as {0}', reference), host: 'docker.io' };
  const chosen = await ui.window.showQuickPick(
    [...known.map((host) => ({ label: host, description: t('logged in'), host })), hub, other],
    { placeHolder: t('{0} names no registry: push it to which one?', reference) },
  );
  if (chosen === undefined) {
    return undefined;
  }
  if (chosen.host !== undefined) {
    return chosen.host;
  }
  const typed = await ui.window.showInputBox({
    title: t('Registry for {0}', reference),
    prompt: t('The registry host, with its port when not the default'),
    placeHolder: 'registry.example:5000',
    validateInput: (value) => {
      const parsed = parseReference(`${value.trim()}/x`, t);
      return value.trim() === '' || 'problem' in parsed || value.includes('/')
        ? t('Enter a host such as registry.example or 127.0.0.1:5000.')
        : undefined;
    },
  });
  return typed === undefined ? undefined : typed.trim();
}

/** Pushes a tag; one without a registry host is tagged for the chosen registry first (asked). */
export async function pushCommand(deps: ImageActionDeps, node?: unknown): Promise<boolean> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const [target] = await resolveTargets(ui, explorer, 'image', node, undefined, {
    placeHolder: t('Image to push'),
    filter: (row) => !row.target.id.startsWith('sha256:'),
    none: t('There are no tagged images.'),
  });
  if (target === undefined) {
    return false;
  }
  if (target.id.startsWith('sha256:')) {
    void ui.window.showErrorMessage(t('An untagged image cannot be pushed: tag it first.'));
    return false;
  }
  const name = splitImageName(target.id);
  let reference = target.id;
  if (!name.explicitHost) {
    const host = await askRegistry(ui, target.id);
    if (host === undefined) {
      return false;
    }
    if (host !== 'docker.io') {
      const tag = name.tag ?? 'latest';
      const repository = `${host}/${name.repository}`;
      reference = `${repository}:${tag}`;
      const tagButton = t('Tag and Push');
      const answer = await askModal(ui, {
        message: t('Tag {0} as {1} and push it?', target.id, reference),
        detail: t(
          'The image gets the new tag {0} on this daemon (its other tags stay), then goes to {1}.',
          reference,
          host,
        ),
        buttons: [tagButton],
      });
      if (answer !== tagButton) {
        return false;
      }
      let tagger: DockerClient | undefined;
      try {
        tagger = clientOf(explorer, target.daemonId, t);
        await tagger.tagImage(target.id, repository, tag);
      } catch (err) {
        void ui.window.showErrorMessage(t('Could not tag {0}: {1}', target.id, failureMessage(err, tagger)));
        return false;
      }
    }
  }
  return transfer(
    deps,
    target.daemonId,
    'push',
    reference,
    async (client, credential, onProgress, signal) => {
      const result = await pushImage(client, reference, credential, onProgress, signal);
      return result.digest !== undefined
        ? t('Pushed {0} ({1}).', result.reference, result.digest)
        : t('Pushed {0}.', result.reference);
    },
  );
}
