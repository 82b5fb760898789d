/** closeConnection: process the request, then close the connection without answering. */
import { z } from 'zod';
import { keyValue, type RuleActionDefinition } from './types';

const attribute = z.boolean();

export const closeConnection: RuleActionDefinition<z.infer<typeof attribute>> & { attribute: typeof attribute } = {
  key: 'closeConnection',
  attribute,
  describe: (v) => keyValue('closeConnection', v),
  onRequest(v, turn) {
    if (!v) return;
    turn.note('connection.closed-by-rule', `issuer closes connection #${turn.connectionId} without answering ${turn.request.mti} (rule)`);
    turn.closeConnection();
    return 'stop';
  },
};
