// The second half of hadolint's DL rules (DL3034 onwards), grouped by family in the p2* modules.
import { dl3038, dl3040, dl3041 } from './p2Dnf';
import { dl3044, dl3064, dl3066 } from './p2Env';
import { dl3048, dl3049, dl3050, dl3051, dl3052, dl3053, dl3054, dl3055, dl3056, dl3058 } from './p2Labels';
import { dl3042, dl3060, dl3062 } from './p2Languages';
import { dl3046, dl3047, dl3059, dl4001, dl4005, dl4006 } from './p2Shell';
import { dl3043, dl3045, dl3057, dl3061, dl3063, dl3065, dl3067, dl4000, dl4003, dl4004 } from './p2Stages';
import { dl3034, dl3035, dl3036, dl3037 } from './p2Zypper';
import type { HadolintRule } from './rule';

/** hadolint rules DL3034–DL3067 and DL4000–DL4006, in code order. */
export const hadolintRulesPart2: readonly HadolintRule[] = [
  dl3034,
  dl3035,
  dl3036,
  dl3037,
  dl3038,
  dl3040,
  dl3041,
  dl3042,
  dl3043,
  dl3044,
  dl3045,
  dl3046,
  dl3047,
  dl3048,
  dl3049,
  dl3050,
  dl3051,
  dl3052,
  dl3053,
  dl3054,
  dl3055,
  dl3056,
  dl3057,
  dl3058,
  dl3059,
  dl3060,
  dl3061,
  dl3062,
  dl3063,
  dl3064,
  dl3065,
  dl3066,
  dl3067,
  dl4000,
  dl4001,
  dl4003,
  dl4004,
  dl4005,
  dl4006,
];
