/**
 * answerFields: the answer carries these field values instead of the host's — an answer
 * for another amount, trace number, terminal or merchant (a switch that mixes up answers,
 * a host that approves something else). It is MACed again when it carries a MAC, so only
 * its content is wrong: the terminal must find that it does not answer its request.
 */
import { z } from 'zod';
import { setMac } from '../../../src/protocols/iso8583';
import type { RuleActionDefinition } from './types';

/** A field number 2–127 other than 64: the MAC (64, 128) is the action's to recompute. */
const fieldNumber = z.string().regex(/^(?:[2-9]|[1-9]\d|1[01]\d|12[0-7])$/, { error: 'is not a field number 2-127' }).refine((k) => k !== '64', { error: 'is the MAC (field 64), which answerFields recomputes' });
const attribute = z.record(fieldNumber, z.string());

export const answerFields: RuleActionDefinition<z.infer<typeof attribute>> & { attribute: typeof attribute } = {
  key: 'answerFields',
  attribute,
  describe: (v) => `answerFields=${Object.entries(v).map(([k, x]) => `${k}:${x}`).join(',')}`,
  onAnswer(v, turn, plan) {
    const fields = { ...plan.answer.fields };
    for (const [k, x] of Object.entries(v)) fields[Number(k)] = x;
    let answer = { ...plan.answer, fields };
    const maced = fields[64] !== undefined || fields[128] !== undefined;
    if (maced && turn.macKey) answer = setMac(turn.dialect, answer, turn.macKey);
    plan.answer = answer;
    plan.packed = undefined;
  },
};
