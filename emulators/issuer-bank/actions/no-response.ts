/** noResponse: process the request (the ledger moves) but send nothing back. */
import { z } from 'zod';
import { keyValue, type RuleActionDefinition } from './types';

const attribute = z.boolean();

export const noResponse: RuleActionDefinition<z.infer<typeof attribute>> & { attribute: typeof attribute } = {
  key: 'noResponse',
  attribute,
  describe: (v) => keyValue('noResponse', v),
  onAnswer(v, turn, plan) {
    if (!v) return;
    turn.note(
      'iso8583.withheld',
      `issuer withholds the answer to ${turn.request.mti} ${turn.txn} STAN ${String(turn.request.fields[11] ?? '')} (processed, 39=${String(plan.answer.fields[39] ?? '')})`,
    );
    return 'stop';
  },
};
