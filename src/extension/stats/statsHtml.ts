// The stats webview's page: a strict Content-Security-Policy, our script by nonce, our stylesheet.
import { randomBytes } from 'node:crypto';

/** Where the page may load its two resources from (webview URIs, as strings). */
export interface StatsPageResources {
  /** The webview's `cspSource`: the origin of the extension's local resources. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** A fresh nonce for one page: 128 random bits, base64. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy of the page: nothing but our stylesheet and our nonced script. */
export function statsCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The page. It holds no data: the script asks for the state when it loads and draws whatever
 * the extension posts.
 */
export function statsHtml(resources: StatsPageResources, nonce: string, title: string): string {
  const attr = (value: string): string => escapeHtml(value);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(statsCsp(resources.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(resources.styleUri)}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<header><h1 id="title">${escapeHtml(title)}</h1><p id="note" class="note" hidden></p></header>
<main>
<section id="charts" class="charts" aria-label="Charts"></section>
<section class="table-wrap"><table id="table"><thead></thead><tbody></tbody><tfoot></tfoot></table></section>
</main>
<script nonce="${attr(nonce)}" src="${attr(resources.scriptUri)}"></script>
</body>
</html>
`;
}
