// Document links from image references (FROM, and COPY/ADD --from) to their pages on the
// registries that have public pages: Docker Hub, GitHub's container registry, Quay and the
// Microsoft Artifact Registry. References to stages, with variables, or elsewhere get none.
import type { DocumentLink } from 'vscode-languageserver-types';
import type { Dockerfile, Range } from '../syntax/ast';
import { familiarName, parseImageReference } from '../semantics/imageReference';
import { stagesOf } from '../semantics/stages';

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The page of an image reference on its registry, or undefined when there is none to link. */
export function imagePageUrl(text: string): { url: string; registry: string } | undefined {
  const ref = parseImageReference(text);
  if (ref === undefined || ref.variables || ref.scratch || ref.problems.length > 0) return undefined;
  const registry = ref.registry.toLowerCase();
  const path = ref.path;
  if (DOCKER_HUB_HOSTS.has(registry)) {
    const name = familiarName({ ...ref, registry: 'docker.io' });
    return name.includes('/')
      ? { url: `https://hub.docker.com/r/${name}`, registry: 'Docker Hub' }
      : { url: `https://hub.docker.com/_/${name}`, registry: 'Docker Hub' };
  }
  if (registry === 'ghcr.io' && path.includes('/')) {
    return { url: `https://ghcr.io/${path}`, registry: 'GitHub Container Registry' };
  }
  if (registry === 'quay.io' && path.includes('/')) {
    return { url: `https://quay.io/repository/${path}`, registry: 'Quay' };
  }
  if (registry === 'mcr.microsoft.com') {
    return { url: `https://mcr.microsoft.com/artifact/mar/${path}`, registry: 'Microsoft Artifact Registry' };
  }
  return undefined;
}

/** Links from the image references of a Dockerfile to their registry pages. Never throws. */
export function documentLinks(doc: Dockerfile): DocumentLink[] {
  const model = stagesOf(doc.instructions);
  const links: DocumentLink[] = [];
  const add = (text: string, range: Range | undefined): void => {
    if (range === undefined) return;
    const page = imagePageUrl(text);
    if (page === undefined) return;
    links.push({ range, target: page.url, tooltip: `Open ${text} on ${page.registry}` });
  };
  for (const stage of model.stages) {
    if (model.stageNamed(stage.base, stage.index) === undefined) add(stage.base, stage.baseRange);
    // ONBUILD triggers are left out: they run in a later build, whose stages are unknown here.
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      for (const flag of instruction.flags) {
        if (flag.name !== 'from' || flag.value === undefined) continue;
        if (/^\d+$/.test(flag.value) || model.stageNamed(flag.value) !== undefined) continue;
        add(flag.value, flag.valueRange);
      }
    }
  }
  return links;
}
