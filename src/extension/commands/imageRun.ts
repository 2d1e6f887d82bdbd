// Run and Run Interactive on an image: a few quick questions (name, ports, environment, mounts,
// command, network, --rm, detached or interactive), the last answers per image offered first,
// then create and start through the Engine API; interactive runs open an attach terminal.
import type { DockerClient } from '../docker/client';
import { statusCode } from '../docker/errors';
import type { RunAnswers } from '../docker/runContainer';
import { runContainer } from '../docker/runContainer';
import { splitCommandLine } from '../terminals/shellProbe';
import { containerNameProblem } from './confirm';
import type { ImageActionDeps } from './imageTransfer';
import type { CommandUi } from './pick';
import { clientOf, failureMessage, resolveTargets } from './pick';
import { describeAnswers, formatPorts, parseBinds, parseEnv, parsePorts, readAnswers } from './runOptions';

const answersKey = 'dockwright.images.run.answers';
/** How many images' answers are kept. */
const answersKept = 50;

/** Opens the terminal of an interactive run (the attach terminal). */
export type OpenRunTerminal = (
  client: DockerClient,
  daemonId: string,
  containerId: string,
  name: string,
) => unknown;

/** What the image's configuration suggests: its command and exposed ports. */
interface ImageDefaults {
  command: string;
  exposed: string[];
}

async function imageDefaults(client: DockerClient, image: string): Promise<ImageDefaults> {
  try {
    const raw = await client.inspectRaw('image', image);
    const config = (raw.Config ?? {}) as { Cmd?: unknown; Entrypoint?: unknown; ExposedPorts?: unknown };
    const words = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
    const exposed =
      typeof config.ExposedPorts === 'object' && config.ExposedPorts !== null ? config.ExposedPorts : {};
    return {
      command: [...words(config.Entrypoint), ...words(config.Cmd)].join(' '),
      exposed: Object.keys(exposed),
    };
  } catch {
    return { command: '', exposed: [] };
  }
}

/** A step that reads typed text: undefined when dismissed. */
async function askText<T>(
  ui: CommandUi,
  options: { title: string; prompt: string; value: string; placeHolder?: string },
  parse: (text: string) => { value: T } | { problem: string },
): Promise<T | undefined> {
  const text = await ui.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: options.value,
    ...(options.placeHolder !== undefined ? { placeHolder: options.placeHolder } : {}),
    validateInput: (value) => {
      const parsed = parse(value);
      return 'problem' in parsed ? parsed.problem : undefined;
    },
  });
  if (text === undefined) {
    return undefined;
  }
  const parsed = parse(text);
  return 'problem' in parsed ? undefined : parsed.value;
}

/** Asks every question, each starting from the last answer. Undefined when the user stops. */
async function askAnswers(
  ui: CommandUi,
  client: DockerClient,
  image: string,
  last: RunAnswers | undefined,
  interactiveOnly: boolean,
): Promise<RunAnswers | undefined> {
  const t = ui.t;
  const title = (step: string): string => t('Run {0}: {1}', image, step);
  const [defaults, containers, networks] = await Promise.all([
    imageDefaults(client, image),
    client.listContainers(),
    client.listNetworks(),
  ]);
  const taken = new Map(containers.map((c) => [c.name, c.state]));
  const name = await askText(
    ui,
    {
      title: title(t('name')),
      prompt: t('A name for the container (empty: Docker chooses one)'),
      value: last?.name ?? '',
    },
    (text) => {
      const value = text.trim();
      if (value === '') return { value };
      const problem = containerNameProblem(value, t);
      if (problem !== undefined) return { problem };
      const state = taken.get(value.replace(/^\//, ''));
      return state !== undefined
        ? { problem: t('A container named "{0}" exists already ({1}): choose another name.', value, state) }
        : { value };
    },
  );
  if (name === undefined) return undefined;
  const ports = await askText(
    ui,
    {
      title: title(t('published ports')),
      prompt: t(
        'hostPort:containerPort, comma-separated; they listen on 127.0.0.1 unless an address is given (0.0.0.0:8080:80). Empty: none.',
      ),
      value: last !== undefined ? formatPorts(last.ports) : '',
      ...(defaults.exposed.length > 0
        ? { placeHolder: t('The image exposes {0}', defaults.exposed.join(', ')) }
        : {}),
    },
    (text) => parsePorts(text, t),
  );
  if (ports === undefined) return undefined;
  const env = await askText(
    ui,
    {
      title: title(t('environment')),
      prompt: t('KEY=value, comma-separated. Empty: none.'),
      value: last?.env.join(', ') ?? '',
    },
    (text) => parseEnv(text, t),
  );
  if (env === undefined) return undefined;
  const binds = await askText(
    ui,
    {
      title: title(t('volumes and binds')),
      prompt: t('volume:/path or /host/path:/path[:ro], comma-separated. Empty: none.'),
      value: last?.binds.join(', ') ?? '',
    },
    (text) => parseBinds(text, t),
  );
  if (binds === undefined) return undefined;
  const command = await askText(
    ui,
    {
      title: title(t('command')),
      prompt:
        defaults.command !== ''
          ? t("The command to run; empty keeps the image's: {0}", defaults.command)
          : t("The command to run; empty keeps the image's."),
      value:
        last?.command.map((word) => (/[\s"'\\]/.test(word) ? JSON.stringify(word) : word)).join(' ') ?? '',
    },
    (text) => ({ value: splitCommandLine(text.trim()) }),
  );
  if (command === undefined) return undefined;
  const lastNetwork = last?.network ?? 'bridge';
  const networkItems = networks
    .map((n) => ({ label: n.name, description: n.driver, name: n.name }))
    .sort(
      (a, b) =>
        Number(b.name === lastNetwork) - Number(a.name === lastNetwork) || a.label.localeCompare(b.label),
    );
  const network = await ui.window.showQuickPick(networkItems, { placeHolder: title(t('network')) });
  if (network === undefined) return undefined;
  const removeItem = {
    label: '--rm',
    description: t('remove the container when it exits'),
    picked: last?.autoRemove ?? false,
  };
  const interactiveItem = {
    label: t('Interactive'),
    description: t('a TTY and open stdin, in a terminal attached to the container'),
    picked: last?.interactive ?? false,
  };
  const flags = await ui.window.showQuickPick(
    interactiveOnly ? [removeItem] : [removeItem, interactiveItem],
    {
      placeHolder: title(t('options (none chosen: detached, kept after exit)')),
      canPickMany: true,
    },
  );
  if (flags === undefined) return undefined;
  return {
    name,
    ports,
    env,
    binds,
    command,
    network: network.name,
    autoRemove: flags.includes(removeItem),
    interactive: interactiveOnly || flags.includes(interactiveItem),
  };
}

/** A run's failure in words: a missing image said as such, the rest as any Engine refusal. */
export function describeRunFailure(
  err: unknown,
  image: string,
  client: DockerClient | undefined,
  t: CommandUi['t'],
): string {
  const text = err instanceof Error ? err.message : String(err);
  const json = (err as { json?: { message?: unknown } } | undefined)?.json;
  const detail = typeof json?.message === 'string' ? json.message : text;
  if (statusCode(err) === 404 && /no such image/i.test(detail)) {
    return t('The image {0} is not on this daemon: pull it first.', image);
  }
  return failureMessage(err, client);
}

/**
 * Run (or Run Interactive) on an image: asks, creates and starts, opens the terminal of an
 * interactive run. Resolves with the container's id, undefined when nothing was run.
 */
export async function runCommand(
  deps: ImageActionDeps,
  openTerminal: OpenRunTerminal,
  node: unknown,
  interactiveOnly: boolean,
): Promise<string | undefined> {
  const { ui, explorer, state } = deps;
  const t = ui.t;
  const [target] = await resolveTargets(ui, explorer, 'image', node, undefined, {
    placeHolder: interactiveOnly ? t('Image to run interactively') : t('Image to run'),
    none: t('There are no images.'),
  });
  if (target === undefined) {
    return undefined;
  }
  const image = target.id;
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, target.daemonId, t);
    const stored = state.get<Record<string, unknown>>(answersKey) ?? {};
    const remembered = readAnswers(stored[image]);
    const last =
      remembered !== undefined && interactiveOnly ? { ...remembered, interactive: true } : remembered;
    let answers: RunAnswers | undefined;
    if (last !== undefined) {
      const again = { label: t('$(history) Run as last time'), detail: describeAnswers(last, t) };
      const change = { label: t('$(settings) Choose the options…') };
      const choice = await ui.window.showQuickPick([again, change], { placeHolder: t('Run {0}', image) });
      if (choice === undefined) {
        return undefined;
      }
      answers = choice === again ? last : await askAnswers(ui, client, image, last, interactiveOnly);
    } else {
      answers = await askAnswers(ui, client, image, undefined, interactiveOnly);
    }
    if (answers === undefined) {
      return undefined;
    }
    const kept = Object.entries({ ...stored, [image]: answers }).filter(([key]) => key !== image);
    await state.update(answersKey, Object.fromEntries([[image, answers], ...kept.slice(0, answersKept - 1)]));
    const id = await runContainer(client, image, answers);
    const name =
      answers.name !== '' ? answers.name : ((await client.containerProcess(id))?.name ?? id.slice(0, 12));
    if (answers.interactive) {
      openTerminal(client, target.daemonId, id, name);
    } else {
      void ui.window.showInformationMessage(t('Started {0} from {1}.', name, image));
    }
    return id;
  } catch (err) {
    void ui.window.showErrorMessage(
      t('Could not run {0}: {1}', image, describeRunFailure(err, image, client, t)),
    );
    return undefined;
  }
}
