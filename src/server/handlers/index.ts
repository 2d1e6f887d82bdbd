// Every feature handler the server registers. Add one line per feature.
import { completionHandler } from './completion';
import type { FeatureHandler } from './host';
import { hoverHandler } from './hover';
import { signatureHelpHandler } from './signatureHelp';

export const featureHandlers: readonly FeatureHandler[] = [
  completionHandler,
  hoverHandler,
  signatureHelpHandler,
];
