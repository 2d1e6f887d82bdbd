import * as vscode from 'vscode';
import type { ModelChange } from '../docker/daemonModel';
import type { ExplorerEntry } from './explorer';
import type { ExplorerNode } from './explorerNodes';
import { nodeFromRow } from './explorerNodes';
import type { Affected } from './explorerTree';
import { ExplorerTree } from './explorerTree';
import { imageFilterFields, matchesFilter } from './filter';
import type { ImageRepository } from './grouping';
import { groupImages } from './grouping';
import { nodeId } from './ids';
import { danglingImageRow, imageTagRow, repositoryRow } from './labels';
import { viewSettings } from './settings';

const danglingKey = '<none>';

/** The Images view: repositories with their tags as children; dangling images in a group of their own. */
export class ImagesTree extends ExplorerTree {
  protected readonly kinds = ['images'] as const;

  private grouped(entry: ExplorerEntry): ReturnType<typeof groupImages> {
    const filter = this.filter;
    const { repositories, dangling } = groupImages(entry.model.images().values());
    if (filter === '') {
      return { repositories, dangling };
    }
    const kept: ImageRepository[] = [];
    for (const repo of repositories) {
      const tags = repo.tags.filter((t) => matchesFilter(filter, imageFilterFields(t.image, t.reference)));
      if (tags.length > 0) {
        kept.push({ repository: repo.repository, tags });
      }
    }
    return {
      repositories: kept,
      dangling: dangling.filter((i) => matchesFilter(filter, imageFilterFields(i))),
    };
  }

  protected daemonChildren(entry: ExplorerEntry): ExplorerNode[] {
    const daemon = entry.daemon.id;
    const { repositories, dangling } = this.grouped(entry);
    const nodes = repositories.map((r) =>
      this.node(
        nodeFromRow(
          'repository',
          daemon,
          r.repository,
          repositoryRow(daemon, r.repository, r.tags.length),
          'collapsed',
        ),
      ),
    );
    if (viewSettings.imagesShowDangling() && dangling.length > 0) {
      const id = nodeId('group', daemon, danglingKey);
      nodes.push(
        this.node(
          nodeFromRow(
            'group',
            daemon,
            danglingKey,
            {
              id,
              label: vscode.l10n.t('Dangling images'),
              description: String(dangling.length),
              icon: 'package',
              contextValue: 'group.dangling',
            },
            'collapsed',
          ),
        ),
      );
    }
    return nodes;
  }

  protected nodeChildren(entry: ExplorerEntry, node: ExplorerNode): ExplorerNode[] {
    const daemon = entry.daemon.id;
    const now = Date.now();
    const { repositories, dangling } = this.grouped(entry);
    if (node.kind === 'group' && node.key === danglingKey) {
      return dangling.map((i) =>
        this.node(nodeFromRow('image', daemon, i.id, danglingImageRow(daemon, i, now))),
      );
    }
    if (node.kind !== 'repository') {
      return [];
    }
    const repo = repositories.find((r) => r.repository === node.key);
    return (repo?.tags ?? []).map((t) =>
      this.node(nodeFromRow('image', daemon, t.reference, imageTagRow(daemon, t.image, t.reference, now))),
    );
  }

  /** Tags move between images and repositories appear or go: the daemon's images are re-rendered. */
  protected affected(_entry: ExplorerEntry, _change: ModelChange): Affected {
    return 'daemon';
  }
}
