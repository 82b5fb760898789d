/** The vocabulary's entries for the host-side steps (reversals, advices, the issuer's answers). */
import type { StepDoc } from '../src/vocabulary/types';
import type { Section } from './vocabulary-sections';

export const HOST_STEPS: (StepDoc & { section: Section })[] = [];
