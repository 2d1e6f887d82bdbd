// Links into Docker's Dockerfile reference, which our own hover text points to for the full story.

export const REFERENCE_URL = 'https://docs.docker.com/reference/dockerfile/';

/** The reference page at one heading's anchor (without `#`). */
export function referenceUrl(anchor: string): string {
  return `${REFERENCE_URL}#${anchor}`;
}

/** A Markdown link to the reference at `anchor`. */
export function referenceLink(anchor: string, label = 'Dockerfile reference'): string {
  return `[${label}](${referenceUrl(anchor)})`;
}

/** A fenced Dockerfile example. */
export function dockerfileBlock(text: string): string {
  return '```dockerfile\n' + text + '\n```';
}
