// Where each service's key sits in a compose file's text, for CodeLenses and "open the service".
import { isMap, isScalar, parseDocument } from 'yaml';

/** A service key's range in the text, as offsets. */
export interface ServiceLocation {
  name: string;
  start: number;
  end: number;
}

/** The keys under the top-level `services:` mapping, in file order; empty when there are none. */
export function serviceLocations(text: string): ServiceLocation[] {
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: false });
  } catch {
    return [];
  }
  const services = isMap(doc.contents) ? doc.contents.get('services', true) : undefined;
  if (!isMap(services)) {
    return [];
  }
  const out: ServiceLocation[] = [];
  for (const pair of services.items) {
    const key = pair.key;
    if (isScalar(key) && key.range !== undefined && key.range !== null) {
      out.push({ name: String(key.value), start: key.range[0], end: key.range[1] });
    }
  }
  return out;
}
