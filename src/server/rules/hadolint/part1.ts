// The registry of this half of hadolint's rules (DL1001 and DL3000–DL3033).
import { apkRules } from './p1Apk';
import { aptRules } from './p1Apt';
import { gemRules } from './p1Gem';
import { imageRules } from './p1Images';
import { instructionRules } from './p1Instructions';
import { npmRules } from './p1Npm';
import { pipRules } from './p1Pip';
import { runCommandRules } from './p1Run';
import { stageRules } from './p1Stages';
import { yumRules } from './p1Yum';
import type { HadolintRule } from './rule';

export const hadolintRulesPart1: readonly HadolintRule[] = [
  ...instructionRules,
  ...runCommandRules,
  ...stageRules,
  ...imageRules,
  ...aptRules,
  ...pipRules,
  ...npmRules,
  ...apkRules,
  ...gemRules,
  ...yumRules,
];
