/** The vocabulary's entries for the settings and ECR-contract steps (reading a setting, the factory settings). */
import type { StepDoc } from '../src/vocabulary/types';
import type { Section } from './vocabulary-sections';

export const SETTINGS_STEPS: (StepDoc & { section: Section })[] = [];
