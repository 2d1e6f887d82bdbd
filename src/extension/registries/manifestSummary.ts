// The read-only "inspect manifest" document: what a tag points at, its platforms or layers and
// sizes, and what its config says. Built from registry data only, so it never holds a secret.
import type { ImageConfigSummary, Manifest } from './manifests';
import { formatPlatform, imageSize } from './manifests';

function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} B`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Markdown describing a manifest (and, for an image, its config). */
export function manifestMarkdown(
  reference: string,
  digest: string,
  manifest: Manifest,
  config?: ImageConfigSummary,
): string {
  const lines = [`# ${reference}`, '', `- Digest: \`${digest}\``, `- Media type: \`${manifest.mediaType}\``];
  if (manifest.kind === 'index') {
    lines.push(
      `- Platforms: ${manifest.manifests.length}`,
      '',
      '| Platform | Digest | Size | Media type |',
      '| --- | --- | --- | --- |',
    );
    for (const m of manifest.manifests) {
      lines.push(
        `| ${cell(formatPlatform(m.platform))} | \`${m.digest}\` | ${bytes(m.size)} | \`${m.mediaType}\` |`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
  lines.push(`- Size (config and compressed layers): ${bytes(imageSize(manifest))}`);
  if (config !== undefined) {
    if (config.os !== undefined || config.architecture !== undefined) {
      lines.push(`- Platform: ${[config.os, config.architecture].filter((p) => p !== undefined).join('/')}`);
    }
    if (config.created !== undefined) lines.push(`- Created: ${config.created}`);
  }
  if (manifest.config !== undefined)
    lines.push(`- Config: \`${manifest.config.digest}\` (${bytes(manifest.config.size)})`);
  lines.push(
    '',
    `## Layers (${manifest.layers.length})`,
    '',
    '| # | Digest | Size | Media type |',
    '| --- | --- | --- | --- |',
  );
  manifest.layers.forEach((layer, i) => {
    lines.push(`| ${i + 1} | \`${layer.digest}\` | ${bytes(layer.size)} | \`${layer.mediaType}\` |`);
  });
  const labels = Object.entries(config?.labels ?? {});
  if (labels.length > 0) {
    lines.push('', '## Labels', '', '| Label | Value |', '| --- | --- |');
    for (const [key, value] of labels.sort(([a], [b]) => a.localeCompare(b)))
      lines.push(`| ${cell(key)} | ${cell(value)} |`);
  }
  return `${lines.join('\n')}\n`;
}
