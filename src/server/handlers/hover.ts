// Glue for textDocument/hover: the cached parse of the document and the pure hover feature.
import { hover } from '../features/hover';
import type { FeatureHandler } from './host';

export const hoverHandler: FeatureHandler = {
  capabilities: { hoverProvider: true },
  register(host) {
    host.connection.onHover((params) => {
      const parsed = host.parsed(params.textDocument.uri);
      return parsed === undefined ? null : hover(parsed.doc, params.position);
    });
  },
};
