import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import type { ContainerSummary, ImageSummary } from '../docker/types';
import { formatBytes, shortId } from '../views/format';
import {
  askModal,
  parseReference,
  pruneImagesQuestion,
  prunedMessage,
  removeImagesQuestion,
} from './confirm';
import { saveStream } from './containers';
import type { ResourceDeps, Target } from './pick';
import { byDaemon, clientOf, failureMessage, forEachTarget, paletteDaemon, resolveTargets } from './pick';

type Handler = (node?: unknown, selected?: unknown) => Promise<void>;

/** The image a reference (or id) names, among listed images. */
export function imageByReference(
  images: Iterable<ImageSummary>,
  reference: string,
): ImageSummary | undefined {
  for (const image of images) {
    if (image.id === reference || image.repoTags.includes(reference)) {
      return image;
    }
  }
  return undefined;
}

/** Images and containers of a daemon: the model's when current, else listed now. */
async function snapshot(
  deps: ResourceDeps,
  daemonId: string,
  client: DockerClient,
): Promise<{ images: ImageSummary[]; containers: ContainerSummary[] }> {
  const model = deps.explorer.entry(daemonId)?.model;
  if (model !== undefined && model.state === 'ready') {
    return { images: [...model.images().values()], containers: [...model.containers().values()] };
  }
  const [images, containers] = await Promise.all([client.listImages(), client.listContainers()]);
  return { images, containers };
}

async function remove(deps: ResourceDeps, node: unknown, selected: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const targets = await resolveTargets(ui, explorer, 'image', node, selected, {
    placeHolder: t('Images to remove'),
    many: true,
    none: t('There are no images.'),
  });
  if (targets.length === 0) {
    return;
  }
  // Which of them containers use: the Engine refuses those without force.
  const usedBy = new Map<string, string[]>();
  for (const [daemonId, group] of byDaemon(targets)) {
    try {
      const client = clientOf(explorer, daemonId, t);
      const { images, containers } = await snapshot(deps, daemonId, client);
      for (const target of group) {
        const image = imageByReference(images, target.id);
        const users = containers.filter((c) => image !== undefined && c.imageId === image.id);
        // Removing one of several tags only untags, which the Engine allows even for a used image.
        const lastReference = image === undefined || image.repoTags.length <= 1 || target.id === image.id;
        if (users.length > 0 && lastReference) {
          usedBy.set(
            target.label,
            users.map((c) => `${c.name} (${c.state})`),
          );
        }
      }
    } catch {
      // The removal itself will say what is wrong.
    }
  }
  const question = removeImagesQuestion(
    targets.map((x) => x.label),
    usedBy,
    t,
  );
  const answer = await askModal(ui, question);
  if (answer === undefined) {
    return;
  }
  const force = answer === t('Force Remove');
  await forEachTarget(
    ui,
    explorer,
    targets,
    { title: t('Removing images'), failed: (label) => t('Could not remove "{0}":', label) },
    async (client, target, signal) => {
      await client.removeImage(target.id, { force }, signal);
    },
  );
}

async function tag(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const [target] = await resolveTargets(ui, explorer, 'image', node, undefined, {
    placeHolder: t('Image to tag'),
    none: t('There are no images.'),
  });
  if (target === undefined) {
    return;
  }
  const text = await ui.window.showInputBox({
    title: t('Tag {0}', target.label),
    prompt: t('The new reference, as [registry/]repository[:tag]'),
    value: target.id.startsWith('sha256:') ? '' : target.id,
    validateInput: (value) => {
      const parsed = parseReference(value, t);
      return 'problem' in parsed ? parsed.problem : undefined;
    },
  });
  if (text === undefined) {
    return;
  }
  const parsed = parseReference(text, t);
  if ('problem' in parsed) {
    void ui.window.showErrorMessage(parsed.problem);
    return;
  }
  const { repository, tag: newTag } = parsed.reference;
  await forEachTarget(
    ui,
    explorer,
    [target],
    { title: t('Tagging'), failed: (label) => t('Could not tag "{0}":', label) },
    (client, x, signal) => client.tagImage(x.id, repository, newTag, signal),
  );
}

async function prune(deps: ResourceDeps): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const daemonId = paletteDaemon(explorer);
  if (daemonId === undefined) {
    return;
  }
  const kind = await ui.window.showQuickPick(
    [
      { label: t('Dangling images'), description: t('untagged and unused'), all: false },
      { label: t('All unused images'), description: t('every image no container uses'), all: true },
    ],
    { placeHolder: t('Which images to remove') },
  );
  if (kind === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const [images, containers] = await Promise.all([client.listImages(), client.listContainers()]);
    const used = new Set(containers.map((c) => c.imageId));
    const names = images
      .filter((i) => !used.has(i.id) && (kind.all || i.dangling))
      .map((i) => (i.repoTags.length > 0 ? i.repoTags.join(', ') : shortId(i.id)));
    if (names.length === 0) {
      void ui.window.showInformationMessage(
        kind.all ? t('Every image is used by a container.') : t('There are no dangling images.'),
      );
      return;
    }
    const answer = await askModal(ui, pruneImagesQuestion(kind.all, names, t));
    if (answer === undefined) {
      return;
    }
    const c = client;
    const result = await ui.progress(t('Removing images'), (_report, signal) =>
      c.pruneImages({ all: kind.all }, signal),
    );
    const removed = result.deleted.filter((id) => id.startsWith('sha256:')).length;
    void ui.window.showInformationMessage(prunedMessage(t('images'), removed, result.spaceReclaimed, t));
  } catch (err) {
    void ui.window.showErrorMessage(t('Could not remove images: {0}', failureMessage(err, client)));
  }
}

async function save(deps: ResourceDeps, node: unknown, selected: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const targets = await resolveTargets(ui, explorer, 'image', node, selected, {
    placeHolder: t('Images to save'),
    many: true,
    none: t('There are no images.'),
  });
  const daemonId = targets[0]?.daemonId;
  if (daemonId === undefined) {
    return;
  }
  const same = targets.filter((x) => x.daemonId === daemonId);
  const first = same[0]?.label ?? 'images';
  const file = await vscode.window.showSaveDialog({
    title:
      same.length === 1
        ? t('Save {0} to a tar file', first)
        : t('Save {0} images to a tar file', same.length),
    defaultUri: vscode.Uri.file(`${first.replace(/[/:@]+/g, '_')}.tar`),
    filters: { [t('Tar archives')]: ['tar'] },
  });
  if (file === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const c = client;
    const saved = await saveStream(deps, t('Saving images'), file, (signal) =>
      c.saveImages(
        same.map((x) => x.id),
        signal,
      ),
    );
    if (saved) {
      void ui.window.showInformationMessage(t('Saved to {0}.', file.fsPath));
    }
  } catch (err) {
    void ui.window.showErrorMessage(t('Could not save the images: {0}', failureMessage(err, client)));
  }
}

/** Loads a tar file into a daemon: streamed from disk with the bytes sent as progress. */
export async function loadFile(
  deps: ResourceDeps,
  client: DockerClient,
  file: string,
): Promise<string[] | undefined> {
  const t = deps.ui.t;
  const total = (await fs.promises.stat(file)).size;
  return deps.ui.progress(t('Loading images'), async (report, signal) => {
    const stream = fs.createReadStream(file);
    let sent = 0;
    let shown = 0;
    stream.on('data', (chunk: Buffer | string) => {
      sent += chunk.length;
      if (sent - shown >= 1_000_000 || sent === total) {
        shown = sent;
        report(t('{0} of {1} sent', formatBytes(sent), formatBytes(total)));
      }
    });
    try {
      return await client.loadImages(stream, signal);
    } catch (err) {
      if (signal.aborted) {
        return undefined;
      }
      throw err;
    } finally {
      stream.destroy();
    }
  });
}

async function load(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const daemonId =
    typeof node === 'object' && node !== null && typeof (node as { daemonId?: unknown }).daemonId === 'string'
      ? (node as { daemonId: string }).daemonId
      : paletteDaemon(explorer);
  if (daemonId === undefined) {
    return;
  }
  const files = await vscode.window.showOpenDialog({
    title: t('Load images from a tar file'),
    canSelectMany: false,
    filters: { [t('Tar archives')]: ['tar', 'tar.gz', 'tgz'] },
  });
  const file = files?.[0];
  if (file === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const lines = await loadFile(deps, client, file.fsPath);
    if (lines !== undefined) {
      void ui.window.showInformationMessage(
        lines.length > 0 ? lines.join('\n') : t('Loaded {0}.', file.fsPath),
      );
    }
  } catch (err) {
    void ui.window.showErrorMessage(t('Could not load {0}: {1}', file.fsPath, failureMessage(err, client)));
  }
}

async function copy(deps: ResourceDeps, node: unknown, selected: unknown, what: 'id' | 'tag'): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const targets = await resolveTargets(ui, explorer, 'image', node, selected, {
    placeHolder: what === 'id' ? t('Image whose id to copy') : t('Image whose reference to copy'),
  });
  const lines: string[] = [];
  for (const target of targets) {
    if (what === 'tag') {
      lines.push(target.id);
      continue;
    }
    const image =
      explorer.entry(target.daemonId)?.model.images().get(target.id) ??
      imageByReference(explorer.entry(target.daemonId)?.model.images().values() ?? [], target.id);
    lines.push(image?.id ?? target.id);
  }
  if (lines.length > 0) {
    await vscode.env.clipboard.writeText(lines.join('\n'));
  }
}

/** The image commands: tag, remove, prune, history, save, load, inspect, copy id and reference. */
export function registerImageCommands(deps: ResourceDeps): vscode.Disposable[] {
  const t = deps.ui.t;
  const open =
    (kind: 'image' | 'history', placeHolder: () => string) =>
    async (node?: unknown, selected?: unknown): Promise<void> => {
      const targets: Target[] = await resolveTargets(deps.ui, deps.explorer, 'image', node, selected, {
        placeHolder: placeHolder(),
        none: t('There are no images.'),
      });
      for (const target of targets) {
        const title = kind === 'history' ? t('History of {0}', target.label) : target.label;
        await deps.documents.open(kind, target.daemonId, target.id, title);
      }
    };
  const commands: Record<string, Handler> = {
    tag: (node) => tag(deps, node),
    remove: (node, selected) => remove(deps, node, selected),
    prune: () => prune(deps),
    history: open('history', () => t('Image whose history to show')),
    inspect: open('image', () => t('Image to inspect')),
    save: (node, selected) => save(deps, node, selected),
    load: (node) => load(deps, node),
    copyId: (node, selected) => copy(deps, node, selected, 'id'),
    copyTag: (node, selected) => copy(deps, node, selected, 'tag'),
  };
  return Object.entries(commands).map(([name, handler]) =>
    vscode.commands.registerCommand(`dockwright.images.${name}`, handler),
  );
}
