// Pure text filtering of tree rows, as typed in a view's title-bar filter.
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../docker/types';
import { composeProject, composeServiceName } from './compose';
import { shortId } from './format';

/** The filter as stored: trimmed; empty means no filter. */
export function normalizeFilter(text: string | undefined): string {
  return (text ?? '').trim();
}

/**
 * True when every whitespace-separated term of the filter occurs, ignoring case, in at least one
 * of the fields. An empty filter matches everything.
 */
export function matchesFilter(filter: string, fields: readonly (string | undefined)[]): boolean {
  const terms = filter
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== '');
  if (terms.length === 0) {
    return true;
  }
  const haystack = fields.filter((f): f is string => f !== undefined && f !== '').map((f) => f.toLowerCase());
  return terms.every((term) => haystack.some((field) => field.includes(term)));
}

/** What a container filter looks at: name, image, state, status, Compose project and service, id. */
export function containerFilterFields(c: ContainerSummary): string[] {
  return [
    c.name,
    c.image,
    c.state,
    c.status,
    composeProject(c) ?? '',
    composeServiceName(c) ?? '',
    shortId(c.id),
  ];
}

/** What an image filter looks at: the reference (or none for a dangling image) and the id. */
export function imageFilterFields(image: ImageSummary, reference?: string): string[] {
  return [reference ?? '<none>', shortId(image.id)];
}

export function volumeFilterFields(v: VolumeSummary): string[] {
  return [v.name, v.driver];
}

export function networkFilterFields(n: NetworkSummary): string[] {
  return [n.name, n.driver, n.scope, shortId(n.id)];
}
