// Modal confirmations that name exactly what goes, and the checks of what the user types before
// anything is sent. VS Code is passed in (see CommandUi), so this runs in unit tests.
import { formatBytes } from '../views/format';
import type { CommandUi, Target } from './pick';

/** How many names a modal lists before "and N more". */
const listedNames = 15;

/** `"a", "b" and "c"`, or the first names and "and N more". */
export function nameList(labels: readonly string[], t: CommandUi['t']): string {
  const quoted = labels.map((label) => `"${label}"`);
  if (quoted.length <= 1) {
    return quoted[0] ?? '';
  }
  if (quoted.length > listedNames) {
    const shown = quoted.slice(0, listedNames).join(', ');
    return t('{0} and {1} more', shown, quoted.length - listedNames);
  }
  return t('{0} and {1}', quoted.slice(0, -1).join(', '), quoted[quoted.length - 1] ?? '');
}

/** A modal question: its message, its detail, and the buttons in order (Cancel is added by VS Code). */
export interface Confirmation {
  readonly message: string;
  readonly detail: string;
  readonly buttons: readonly string[];
}

/** Shows a modal warning; resolves with the button chosen, undefined for Cancel. */
export async function askModal(ui: CommandUi, question: Confirmation): Promise<string | undefined> {
  return ui.window.showWarningMessage(
    question.message,
    { modal: true, detail: question.detail },
    ...question.buttons,
  );
}

/** The buttons of the container removal modal. */
export function removeContainerButtons(t: CommandUi['t']): {
  remove: string;
  withVolumes: string;
  force: string;
} {
  return {
    remove: t('Remove'),
    withVolumes: t('Remove with Anonymous Volumes'),
    force: t('Force Remove Running'),
  };
}

/**
 * Removing containers: names them, says which run. "Remove" comes first; anonymous volumes go only
 * with the second button; running containers are forced only with "Force Remove Running".
 */
export function removeContainersQuestion(
  targets: readonly Target[],
  running: readonly string[],
  t: CommandUi['t'],
): Confirmation {
  const buttons = removeContainerButtons(t);
  const names = nameList(
    targets.map((x) => x.label),
    t,
  );
  const message =
    targets.length === 1
      ? t('Remove the container {0}?', names)
      : t('Remove {0} containers: {1}?', targets.length, names);
  const details = [t('Named volumes are kept. Anonymous volumes are kept unless you choose to remove them.')];
  if (running.length > 0) {
    details.push(
      running.length === 1
        ? t('{0} is running: only "Force Remove Running" stops and removes it.', nameList(running, t))
        : t('{0} are running: only "Force Remove Running" stops and removes them.', nameList(running, t)),
    );
  }
  return {
    message,
    detail: details.join('\n\n'),
    buttons:
      running.length > 0
        ? [buttons.remove, buttons.withVolumes, buttons.force]
        : [buttons.remove, buttons.withVolumes],
  };
}

/** Pruning stopped containers: how many, by name, and the space they free when it is known. */
export function pruneContainersQuestion(
  stopped: readonly string[],
  t: CommandUi['t'],
  bytes?: number,
): Confirmation {
  const details = [
    t('These containers go: {0}. Running and paused containers are kept.', nameList(stopped, t)),
  ];
  if (bytes !== undefined) {
    details.push(t('Their file systems take {0}, which is freed.', formatBytes(bytes)));
  }
  return {
    message:
      stopped.length === 1
        ? t('Remove 1 stopped container?')
        : t('Remove {0} stopped containers?', stopped.length),
    detail: details.join('\n\n'),
    buttons: [t('Remove Stopped Containers')],
  };
}

/** Removing image references; says which images containers use, which need force. */
export function removeImagesQuestion(
  references: readonly string[],
  usedBy: ReadonlyMap<string, readonly string[]>,
  t: CommandUi['t'],
): Confirmation {
  const names = nameList(references, t);
  const details = [
    t('Removing the last tag of an image deletes the image and its layers no other image uses.'),
  ];
  for (const [reference, containers] of usedBy) {
    details.push(
      t(
        '"{0}" is used by {1}: it can only be removed by force, and those containers keep running on the untagged image.',
        reference,
        nameList(containers, t),
      ),
    );
  }
  return {
    message:
      references.length === 1
        ? t('Remove the image {0}?', names)
        : t('Remove {0} images: {1}?', references.length, names),
    detail: details.join('\n\n'),
    buttons: usedBy.size > 0 ? [t('Remove'), t('Force Remove')] : [t('Remove')],
  };
}

/**
 * Pruning images: dangling ones or every unused one, how many and which (references, or short ids
 * for untagged images).
 */
export function pruneImagesQuestion(all: boolean, names: readonly string[], t: CommandUi['t']): Confirmation {
  const count = names.length;
  const list = nameList(names, t);
  return {
    message: all ? t('Remove {0} images no container uses?', count) : t('Remove {0} dangling images?', count),
    detail: all
      ? t('These images go, tagged or not: {0}. Pull or build them again to get them back.', list)
      : t('These images without a tag and without a container go: {0}.', list),
    buttons: [t('Remove Images')],
  };
}

/** Removing volumes: their data is lost. */
export function removeVolumesQuestion(names: readonly string[], t: CommandUi['t']): Confirmation {
  const list = nameList(names, t);
  return {
    message:
      names.length === 1
        ? t('Remove the volume {0}?', list)
        : t('Remove {0} volumes: {1}?', names.length, list),
    detail: t('The data in them is lost; it cannot be recovered.'),
    buttons: [t('Remove Volumes')],
  };
}

/** Pruning volumes no container uses. */
export function pruneVolumesQuestion(names: readonly string[], t: CommandUi['t']): Confirmation {
  return {
    message:
      names.length === 1
        ? t('Remove 1 volume no container uses?')
        : t('Remove {0} volumes no container uses?', names.length),
    detail: t('These volumes go, and the data in them is lost: {0}.', nameList(names, t)),
    buttons: [t('Remove Volumes')],
  };
}

/** Removing networks. */
export function removeNetworksQuestion(names: readonly string[], t: CommandUi['t']): Confirmation {
  const list = nameList(names, t);
  return {
    message:
      names.length === 1
        ? t('Remove the network {0}?', list)
        : t('Remove {0} networks: {1}?', names.length, list),
    detail: t('Containers still attached keep it from being removed.'),
    buttons: [t('Remove')],
  };
}

/** Pruning networks no container uses. */
export function pruneNetworksQuestion(names: readonly string[], t: CommandUi['t']): Confirmation {
  return {
    message:
      names.length === 1
        ? t('Remove 1 network no container uses?')
        : t('Remove {0} networks no container uses?', names.length),
    detail: t('These networks go: {0}. Built-in networks are never removed.', nameList(names, t)),
    buttons: [t('Remove Networks')],
  };
}

/** What a system prune would remove, counted from the model. */
export interface SystemPruneScope {
  stoppedContainers: number;
  unusedNetworks: number;
  danglingImages: number;
  unusedVolumes: number;
}

/** System prune: lists every kind that goes; volumes only with the second button. */
export function systemPruneQuestion(
  scope: SystemPruneScope,
  t: CommandUi['t'],
): Confirmation & { withVolumes: string } {
  const withVolumes = t('Prune Including Volumes');
  const lines = [
    t('- {0} stopped containers', scope.stoppedContainers),
    t('- {0} networks no container uses', scope.unusedNetworks),
    t('- {0} dangling images', scope.danglingImages),
    t('- the build cache no build is using'),
  ];
  return {
    message: t('Remove unused Docker data?'),
    detail: [
      t('This removes:'),
      ...lines,
      '',
      t(
        'Volumes are kept. "{0}" also removes {1} volumes no container uses, and their data is lost.',
        withVolumes,
        scope.unusedVolumes,
      ),
    ].join('\n'),
    buttons: [t('Prune'), withVolumes],
    withVolumes,
  };
}

/** "Removed 3 containers, freed 12 MB." */
export function prunedMessage(noun: string, count: number, bytes: number, t: CommandUi['t']): string {
  return t('Removed {0} {1}, freed {2}.', count, noun, formatBytes(bytes));
}

// --- checks of what the user types ---------------------------------------------------------------

/** Why a container name is refused (Docker's rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`), or undefined. */
export function containerNameProblem(name: string, t: CommandUi['t']): string | undefined {
  const bare = name.startsWith('/') ? name.slice(1) : name;
  if (bare === '') {
    return t('Enter a name.');
  }
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(bare)) {
    return t(
      'A container name starts with a letter or digit, has at least two characters, and uses only letters, digits, "_", "." and "-".',
    );
  }
  return undefined;
}

function isLowerAlnum(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/** A path component: lowercase runs joined by ".", "_", "__" or any run of "-". */
function pathComponentOk(component: string): boolean {
  if (
    component === '' ||
    !isLowerAlnum(component[0] ?? '') ||
    !isLowerAlnum(component[component.length - 1] ?? '')
  ) {
    return false;
  }
  let i = 0;
  while (i < component.length) {
    if (isLowerAlnum(component[i] ?? '')) {
      i++;
      continue;
    }
    let j = i;
    while (j < component.length && !isLowerAlnum(component[j] ?? '')) {
      j++;
    }
    const separator = component.slice(i, j);
    if (!(separator === '.' || separator === '_' || separator === '__' || /^-+$/.test(separator))) {
      return false;
    }
    i = j;
  }
  return true;
}

/** A registry host: DNS labels or an IPv4 address, or an IPv6 one in brackets, with an optional port. */
function domainOk(domain: string): boolean {
  let host = domain;
  const bracket = domain.startsWith('[') ? domain.indexOf(']') : -1;
  let port: string | undefined;
  if (bracket > 0) {
    host = domain.slice(1, bracket);
    const rest = domain.slice(bracket + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) {
        return false;
      }
      port = rest.slice(1);
    }
    if (!/^[0-9a-fA-F:.]+$/.test(host)) {
      return false;
    }
  } else {
    const colon = domain.lastIndexOf(':');
    if (colon >= 0) {
      host = domain.slice(0, colon);
      port = domain.slice(colon + 1);
    }
    const labelOk = (label: string): boolean =>
      /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(label) && label.length <= 63;
    if (host === '' || !host.split('.').every(labelOk)) {
      return false;
    }
  }
  return port === undefined || /^[0-9]{1,5}$/.test(port);
}

/** An image reference split into repository and tag (the tag is `latest` when none is given). */
export interface ParsedReference {
  repository: string;
  tag: string;
}

/**
 * Checks `[registry/]path[:tag]` the way the Engine does (lowercase path, tag of up to 128 word
 * characters, dots and dashes). Returns the parts, or the problem in words. Digests are refused:
 * a tag is wanted here.
 */
export function parseReference(
  text: string,
  t: CommandUi['t'],
): { reference: ParsedReference } | { problem: string } {
  const value = text.trim();
  if (value === '') {
    return { problem: t('Enter an image name, such as "myapp:1.0" or "registry:5000/team/app".') };
  }
  if (value.includes('@')) {
    return { problem: t('A digest cannot be given here; use a tag.') };
  }
  const slash = value.lastIndexOf('/');
  const colon = value.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? value.slice(0, colon) : value;
  const tag = hasTag ? value.slice(colon + 1) : 'latest';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    return {
      problem: t(
        'The tag "{0}" is not valid: up to 128 letters, digits, "_", "." and "-", not starting with "." or "-".',
        tag,
      ),
    };
  }
  if (repository.length > 255) {
    return { problem: t('The repository name is longer than 255 characters.') };
  }
  const parts = repository.split('/');
  const first = parts[0] ?? '';
  const hasDomain =
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  if (hasDomain && !domainOk(first)) {
    return { problem: t('"{0}" is not a valid registry host.', first) };
  }
  const path = hasDomain ? parts.slice(1) : parts;
  if (path.length === 0 || !path.every(pathComponentOk)) {
    return {
      problem:
        repository !== repository.toLowerCase()
          ? t('The repository name "{0}" must be lowercase.', repository)
          : t(
              'The repository name "{0}" is not valid: use lowercase letters and digits, separated by "/", ".", "_" or "-".',
              repository,
            ),
    };
  }
  return { reference: { repository, tag } };
}

/** Why an IPv4 or IPv6 subnet in CIDR form is refused, or undefined ('' is allowed: no subnet). */
export function subnetProblem(text: string, t: CommandUi['t']): string | undefined {
  const value = text.trim();
  if (value === '') {
    return undefined;
  }
  const slash = value.indexOf('/');
  const address = slash >= 0 ? value.slice(0, slash) : value;
  const prefix = slash >= 0 ? value.slice(slash + 1) : '';
  const prefixNumber = /^[0-9]{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  const v4 = address.split('.');
  const isV4 = v4.length === 4 && v4.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255);
  const isV6 = !isV4 && address.includes(':') && /^[0-9a-fA-F:]+$/.test(address);
  if ((isV4 && prefixNumber <= 32) || (isV6 && prefixNumber <= 128)) {
    return undefined;
  }
  return t('Enter a subnet in CIDR form, such as 172.28.0.0/16 or fd00:1::/64.');
}

/** `a=1, b=2` → labels; undefined when an entry has no key. */
export function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const entry of text.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') {
      continue;
    }
    const eq = trimmed.indexOf('=');
    const key = (eq >= 0 ? trimmed.slice(0, eq) : trimmed).trim();
    if (key === '') {
      return undefined;
    }
    labels[key] = eq >= 0 ? trimmed.slice(eq + 1).trim() : '';
  }
  return labels;
}
