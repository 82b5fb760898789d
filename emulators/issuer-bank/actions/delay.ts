/** delayMs: wait this long before answering. */
import { z } from 'zod';
import { keyValue, type RuleActionDefinition } from './types';

const attribute = z.number({ error: 'must be a number ≥ 0' }).min(0, { error: 'must be a number ≥ 0' });

export const delay: RuleActionDefinition<z.infer<typeof attribute>> & { attribute: typeof attribute } = {
  key: 'delayMs',
  attribute,
  describe: (v) => keyValue('delayMs', v),
  onAnswer(v, _turn, plan) {
    plan.delayMs = v;
  },
};
