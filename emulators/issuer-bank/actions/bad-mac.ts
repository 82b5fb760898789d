/** badMac: answer with a MAC (field 64, or 128) that does not verify: flipped bits, or a MAC added where there was none. */
import { z } from 'zod';
import { setMac, type Dialect, type IsoMessage } from '../../../src/protocols/iso8583';
import { keyValue, type RuleActionDefinition } from './types';

const attribute = z.boolean();

export const badMac: RuleActionDefinition<z.infer<typeof attribute>> & { attribute: typeof attribute } = {
  key: 'badMac',
  attribute,
  describe: (v) => keyValue('badMac', v),
  onAnswer(v, turn, plan) {
    if (!v) return;
    plan.answer = corruptMac(plan.answer, turn.dialect, turn.macKey);
    plan.packed = undefined;
  },
};

/** A copy of msg whose MAC field cannot verify. */
export function corruptMac(msg: IsoMessage, dialect: Dialect, key?: Buffer): IsoMessage {
  const field = msg.fields[128] !== undefined ? 128 : 64;
  const fields = { ...msg.fields };
  let mac: unknown = fields[field];
  if (!Buffer.isBuffer(mac) || mac.length !== 8) {
    try {
      mac = key ? setMac(dialect, msg, key).fields[field] : undefined;
    } catch {
      mac = undefined;
    }
  }
  const bad = Buffer.isBuffer(mac) && mac.length === 8 ? Buffer.from(mac) : Buffer.alloc(8);
  for (let i = 0; i < 8; i++) bad[i] = bad[i]! ^ 0xa5;
  fields[field] = bad;
  return { ...msg, fields };
}
