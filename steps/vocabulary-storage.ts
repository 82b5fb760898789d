/** The vocabulary's entries for the stored-data and power steps (journal, vault, state on disk). */
import type { StepDoc } from '../src/vocabulary/types';
import type { Section } from './vocabulary-sections';

export const STORAGE_STEPS: (StepDoc & { section: Section })[] = [];
