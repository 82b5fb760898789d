/** malformed: answer with a frame whose body cannot be unpacked (TPDU, header and MTI kept, the fields cut in the middle). */
import { z } from 'zod';
import { keyValue, type RuleActionDefinition } from './types';

const attribute = z.boolean();

export const malformed: RuleActionDefinition<z.infer<typeof attribute>> & { attribute: typeof attribute } = {
  key: 'malformed',
  attribute,
  describe: (v) => keyValue('malformed', v),
  onAnswer(v, _turn, plan) {
    if (v) plan.malformed = true;
  },
};
