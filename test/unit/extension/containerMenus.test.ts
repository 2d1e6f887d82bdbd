// The container rows' context menus as package.json declares them: each entry's `viewItem` pattern
// is matched against the context values the rows really carry.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerSummary } from '../../../src/extension/docker/types';
import { containerContextValue } from '../../../src/extension/views/labels';

interface MenuEntry {
  command: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]> };
};

/** Whether the Containers view's context menu offers `command` on a row with this context value. */
function offered(command: string, contextValue: string): boolean {
  return (
    manifest.contributes.menus['view/item/context']?.some((entry) => {
      if (entry.command !== command || entry.when === undefined) return false;
      if (!/view == dockwright\.containers|view =~ \/\^dockwright\[\.\]\(containers/.test(entry.when))
        return false;
      const pattern = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(entry.when);
      if (pattern === null) return entry.when.includes(`viewItem == ${contextValue}`);
      return new RegExp(pattern[1] ?? '').test(contextValue);
    }) ?? false
  );
}

function summary(overrides: Partial<ContainerSummary>): ContainerSummary {
  return {
    id: 'abc',
    name: 'web',
    image: 'seed',
    imageId: 'sha256:1',
    command: 'sleep 1',
    created: 0,
    state: 'running',
    status: 'Up',
    health: 'none',
    ports: [],
    labels: {},
    networks: [],
    mounts: [],
    ...overrides,
  };
}

describe('container context menus', () => {
  const plain = containerContextValue(summary({}));
  const composed = containerContextValue(summary({ labels: { 'com.docker.compose.project': 'shop' } }));
  const published = containerContextValue(
    summary({ ports: [{ privatePort: 80, publicPort: 8080, type: 'tcp', ip: '127.0.0.1' }] }),
  );
  const stopped = containerContextValue(
    summary({ state: 'exited', labels: { 'com.docker.compose.project': 'x' } }),
  );

  it('offers Open Compose File only on containers of a Compose project', () => {
    assert.equal(offered('dockwright.compose.openFile', plain), false);
    assert.equal(offered('dockwright.compose.openFile', composed), true);
    assert.equal(offered('dockwright.compose.openFile', stopped), true);
  });

  it('offers Open in Browser only on running containers with published ports', () => {
    assert.equal(offered('dockwright.containers.openInBrowser', plain), false);
    assert.equal(offered('dockwright.containers.openInBrowser', published), true);
  });

  it('matches the state whatever follows it', () => {
    assert.equal(offered('dockwright.containers.stop', composed), true);
    assert.equal(offered('dockwright.containers.start', composed), false);
    assert.equal(offered('dockwright.containers.start', stopped), true);
    assert.equal(offered('dockwright.containers.pause', published), true);
    assert.equal(offered('dockwright.containers.execShell', published), true);
  });
});
