import * as vscode from 'vscode';
import type { ComposeWorkspace } from '../compose/composeWorkspace';
import type { ProjectView } from '../compose/composeProjects';
import { buildProjects, servicesInProfile } from '../compose/composeProjects';
import type { ModelChange } from '../docker/daemonModel';
import type { Explorer, ExplorerEntry } from './explorer';
import type { ExplorerNode } from './explorerNodes';
import type { Affected } from './explorerTree';
import { ExplorerTree } from './explorerTree';
import { containerFilterFields, matchesFilter } from './filter';
import { profileRow, projectRow, serviceRow } from './composeRows';
import { containerRow } from './labels';
import { containerTooltip } from './tooltips';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  vscode.l10n.t(message, ...args);

/** Where a node sits: its project, and for profile and service nodes the profile ('' for none). */
interface Place {
  project: string;
  profile: string;
  service?: string;
}

/**
 * The Compose view: project → profiles → services → containers. Services come from the compose
 * files of the workspace (and those the containers' labels name) and from the containers' labels,
 * so services that do not run, and their profiles, appear too.
 */
export class ComposeTree extends ExplorerTree {
  protected readonly kinds = ['containers'] as const;
  private readonly places = new Map<string, Place>();

  constructor(
    explorer: Explorer,
    viewId: string,
    state: vscode.Memento,
    readonly workspace: ComposeWorkspace,
  ) {
    super(explorer, viewId, state);
    workspace.onDidChange(() => this.refreshAll());
  }

  /** The projects of one daemon as the view shows them (the filter applied to names). */
  projects(daemonId: string): ProjectView[] {
    const entry = this.explorer.entry(daemonId);
    if (entry === undefined) {
      return [];
    }
    const containers = entry.model.containers().values();
    const all = buildProjects(this.workspace.all(), containers);
    const filter = this.filter;
    return filter === ''
      ? all
      : all.filter(
          (p) =>
            matchesFilter(filter, [p.name]) ||
            p.services.some((s) => matchesFilter(filter, [s.name])) ||
            p.containers.some((c) => matchesFilter(filter, containerFilterFields(c))),
        );
  }

  /** The ids of the daemons shown, the primary first. */
  daemonIds(): string[] {
    return this.explorer.entries.map((e) => e.daemon.id);
  }

  /** One daemon's entry (its model and connection). */
  explorerEntry(daemonId: string): ExplorerEntry | undefined {
    return this.explorer.entry(daemonId);
  }

  /** The explorer, for the helpers that take it. */
  get explorerRef(): Explorer {
    return this.explorer;
  }

  /**
   * Shows a service of the project a compose file belongs to in the view (the primary daemon's),
   * opening the way to it and selecting it: its containers are listed under it.
   */
  async revealService(arg: unknown): Promise<void> {
    const { file, service } = (arg ?? {}) as { file?: unknown; service?: unknown };
    if (typeof file !== 'string' || typeof service !== 'string') {
      return;
    }
    const definition = await this.workspace.forFile(file);
    await vscode.commands.executeCommand(`${this.viewId}.focus`);
    const daemonId = this.daemonIds()[0];
    const top = this.getChildren();
    const roots = top.some((n) => n.kind === 'daemon')
      ? top.filter((n) => n.daemonId === daemonId).flatMap((n) => this.getChildren(n))
      : top;
    const project = roots.find((n) => n.kind === 'composeProject' && n.key === definition.name);
    const key = `${definition.name}\n${service}`;
    const level = project === undefined ? [] : this.getChildren(project);
    const target =
      level.find((n) => n.kind === 'composeService' && n.key === key) ??
      level
        .filter((n) => n.kind === 'composeProfile')
        .flatMap((n) => this.getChildren(n))
        .find((n) => n.kind === 'composeService' && n.key === key);
    if (target === undefined || this.treeView === undefined) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Service "{0}" of "{1}" is not in the Compose view.', service, definition.name),
      );
      return;
    }
    await this.treeView.reveal(target, { select: true, focus: true, expand: true });
  }

  /** The project, profile and service a Compose node stands for. */
  placeOf(node: ExplorerNode): Place | undefined {
    return this.places.get(node.id);
  }

  protected daemonChildren(entry: ExplorerEntry): ExplorerNode[] {
    this.workspace.noteContainers(entry.model.containers().values());
    return this.projects(entry.daemon.id).map((p) => {
      const row = projectRow(entry.daemon.id, p, t);
      this.places.set(row.id, { project: p.name, profile: '' });
      return this.node({
        id: row.id,
        kind: 'composeProject',
        daemonId: entry.daemon.id,
        key: p.name,
        row,
        collapsible: 'expanded',
      });
    });
  }

  protected nodeChildren(entry: ExplorerEntry, node: ExplorerNode): ExplorerNode[] {
    const place = this.places.get(node.id);
    const project = place && this.projects(entry.daemon.id).find((p) => p.name === place.project);
    if (place === undefined || project === undefined) {
      return [];
    }
    const daemon = entry.daemon.id;
    switch (node.kind) {
      case 'composeProject': {
        const profiles = project.profiles.filter((profile) => servicesInProfile(project, profile).length > 0);
        return [
          ...this.serviceNodes(daemon, project, ''),
          ...profiles.map((profile) => {
            const row = profileRow(daemon, project, profile, t);
            this.places.set(row.id, { project: project.name, profile });
            return this.node({
              id: row.id,
              kind: 'composeProfile',
              daemonId: daemon,
              key: `${project.name}\n${profile}`,
              row,
              collapsible: 'expanded',
            });
          }),
        ];
      }
      case 'composeProfile':
        return this.serviceNodes(daemon, project, place.profile);
      case 'composeService': {
        const service = project.services.find((s) => s.name === place.service);
        return (service?.containers ?? []).map((c) => {
          const row = containerRow(daemon, c, true);
          // A service under two profiles lists its containers twice; only the first keeps the plain id.
          const id = place.profile === (service?.profiles[0] ?? '') ? row.id : `${row.id}#${place.profile}`;
          return this.node({
            id,
            kind: 'container',
            daemonId: daemon,
            key: c.id,
            row: { ...row, id },
            collapsible: 'none',
            lazyTooltip: () => containerTooltip(c, Date.now(), vscode.l10n.t),
          });
        });
      }
      default:
        return [];
    }
  }

  private serviceNodes(daemon: string, project: ProjectView, profile: string): ExplorerNode[] {
    return servicesInProfile(project, profile).map((s) => {
      const row = serviceRow(daemon, project, s, profile, t);
      this.places.set(row.id, { project: project.name, profile, service: s.name });
      return this.node({
        id: row.id,
        kind: 'composeService',
        daemonId: daemon,
        key: `${project.name}\n${s.name}`,
        row,
        collapsible: s.containers.length > 0 ? 'expanded' : 'none',
      });
    });
  }

  protected affected(_entry: ExplorerEntry, change: ModelChange): Affected {
    // Counts show on every level above a container: re-render the daemon's part.
    return change.kind === 'containers' ? 'daemon' : 'none';
  }
}
