/** duplicate: send the answer twice. */
import { z } from 'zod';
import { keyValue, type RuleActionDefinition } from './types';

const attribute = z.boolean();

export const duplicate: RuleActionDefinition<z.infer<typeof attribute>> & { attribute: typeof attribute } = {
  key: 'duplicate',
  attribute,
  describe: (v) => keyValue('duplicate', v),
  onAnswer(v, _turn, plan) {
    if (v) plan.duplicate = true;
  },
};
