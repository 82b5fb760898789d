/** responseCode: answer with this field 39; the ledger follows the answer ('00' approves even without funds). Read by the processor. */
import { z } from 'zod';
import { keyValue, type RuleActionDefinition } from './types';

const attribute = z.string().regex(/^[0-9A-Z]{2}$/, { error: 'is not two characters 0-9/A-Z' });

export const responseCode: RuleActionDefinition<z.infer<typeof attribute>> & { attribute: typeof attribute } = {
  key: 'responseCode',
  attribute,
  describe: (v) => keyValue('responseCode', v),
};
