// Every feature handler the server registers. Add one line per feature.
import { completionHandler } from './completion';
import type { FeatureHandler } from './host';

export const featureHandlers: readonly FeatureHandler[] = [completionHandler];
