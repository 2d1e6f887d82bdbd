// Every feature handler the server registers. Add one line per feature.
import { codeActionsHandler } from './codeActions';
import { codeLensHandler } from './codeLens';
import { completionHandler } from './completion';
import { documentLinksHandler } from './documentLinks';
import { foldingHandler } from './folding';
import { formattingHandler } from './formatting';
import type { FeatureHandler } from './host';
import { hoverHandler } from './hover';
import { navigationHandler } from './navigation';
import { semanticTokensHandler } from './semanticTokens';
import { signatureHelpHandler } from './signatureHelp';
import { symbolsHandler } from './symbols';

export const featureHandlers: readonly FeatureHandler[] = [
  completionHandler,
  hoverHandler,
  signatureHelpHandler,
  symbolsHandler,
  foldingHandler,
  semanticTokensHandler,
  documentLinksHandler,
  codeLensHandler,
  codeActionsHandler,
  navigationHandler,
  formattingHandler,
];
