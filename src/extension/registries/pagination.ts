// RFC 8288 `Link` headers as registries send them for catalog and tag pages.

/** One link of a `Link` header: its target and its parameters (names lower-cased). */
export interface LinkValue {
  target: string;
  params: Record<string, string>;
}

/** Splits a `Link` header into its links; malformed parts are skipped, never thrown on. */
export function parseLinkHeader(header: string | undefined): LinkValue[] {
  const links: LinkValue[] = [];
  if (header === undefined) return links;
  const text = header;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open < 0) break;
    const close = text.indexOf('>', open + 1);
    if (close < 0) break;
    const target = text.slice(open + 1, close).trim();
    const params: Record<string, string> = {};
    i = close + 1;
    // Parameters run until the comma that starts the next link (commas inside quotes do not count).
    while (i < text.length) {
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      if (text[i] === ',') {
        i++;
        break;
      }
      if (text[i] !== ';') {
        // Stray text: skip to the next link.
        const next = text.indexOf(',', i);
        i = next < 0 ? text.length : next + 1;
        break;
      }
      i++;
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      const nameStart = i;
      while (i < text.length && !'=;,'.includes(text[i]) && text[i] !== ' ') i++;
      const name = text.slice(nameStart, i).toLowerCase();
      while (i < text.length && text[i] === ' ') i++;
      let value = '';
      if (text[i] === '=') {
        i++;
        while (i < text.length && text[i] === ' ') i++;
        if (text[i] === '"') {
          i++;
          let out = '';
          while (i < text.length && text[i] !== '"') {
            if (text[i] === '\\' && i + 1 < text.length) i++;
            out += text[i];
            i++;
          }
          i++;
          value = out;
        } else {
          const valueStart = i;
          while (i < text.length && text[i] !== ';' && text[i] !== ',') i++;
          value = text.slice(valueStart, i).trim();
        }
      }
      if (name !== '' && !(name in params)) params[name] = value;
    }
    links.push({ target, params });
  }
  return links;
}

/**
 * The `rel="next"` target of a `Link` header resolved against the URL of the page that sent it,
 * or undefined when there is no next page.
 */
export function nextPageUrl(header: string | undefined, base: URL): URL | undefined {
  for (const link of parseLinkHeader(header)) {
    const rels = (link.params.rel ?? '').split(/\s+/);
    if (!rels.includes('next')) continue;
    try {
      return new URL(link.target, base);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
