/** The vocabulary's entries kept beside steps/vocabulary.ts, one file per area, gathered in the order docs/steps.md lists them within their sections. */
import type { StepDoc } from '../src/vocabulary/types';
import type { Section } from './vocabulary-sections';
import { EXPLORE_STEPS } from './vocabulary-explore';
import { POWER_STEPS } from './vocabulary-power';
import { SETTLEMENT_STEPS } from './vocabulary-settlement';
import { RECEIPT_LAYOUT_STEPS } from './vocabulary-receipts';
import { SETTINGS_STEPS } from './vocabulary-settings';
import { STORAGE_STEPS } from './vocabulary-storage';
import { HOST_STEPS } from './vocabulary-host';

export const PART_STEPS: (StepDoc & { section: Section })[] = [
  ...EXPLORE_STEPS,
  ...POWER_STEPS,
  ...SETTLEMENT_STEPS,
  ...RECEIPT_LAYOUT_STEPS,
  ...SETTINGS_STEPS,
  ...STORAGE_STEPS,
  ...HOST_STEPS,
];
