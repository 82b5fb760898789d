/**
 * Every rule action, in one place (a plain object: nothing registers itself on import).
 * `ruleActionSchema` (and so the `RuleAction` type) is built from it: a rule's `action`
 * may hold any of these keys, nothing else.
 */
import { z } from 'zod';
import type { ActionTurn, AnswerPlan, RuleActionDefinition } from './types';
import { responseCode } from './response-code';
import { delay } from './delay';
import { noResponse } from './no-response';
import { badMac } from './bad-mac';
import { malformed } from './malformed';
import { duplicate } from './duplicate';
import { closeConnection } from './close-connection';
import { answerFields } from './answer-fields';

export const RULE_ACTIONS = {
  responseCode,
  delayMs: delay,
  noResponse,
  badMac,
  malformed,
  duplicate,
  closeConnection,
  answerFields,
} as const;

export const ruleActionSchema = z.strictObject({
  responseCode: responseCode.attribute.optional(),
  delayMs: delay.attribute.optional(),
  noResponse: noResponse.attribute.optional(),
  badMac: badMac.attribute.optional(),
  malformed: malformed.attribute.optional(),
  duplicate: duplicate.attribute.optional(),
  closeConnection: closeConnection.attribute.optional(),
  answerFields: answerFields.attribute.optional(),
});

export type RuleAction = z.infer<typeof ruleActionSchema>;
export type RuleActionKey = keyof typeof RULE_ACTIONS;

/** The actions present in `action`, in registry order, with their values. */
function present(action: RuleAction): Array<[RuleActionDefinition<unknown>, unknown]> {
  const out: Array<[RuleActionDefinition<unknown>, unknown]> = [];
  for (const key of Object.keys(RULE_ACTIONS) as RuleActionKey[]) {
    const v = action[key];
    if (v !== undefined) out.push([RULE_ACTIONS[key] as RuleActionDefinition<unknown>, v]);
  }
  return out;
}

/** "responseCode=51 badMac": the actions that do something. */
export function describeAction(action: RuleAction): string {
  return Object.entries(action)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (RULE_ACTIONS[k as RuleActionKey] as RuleActionDefinition<unknown> | undefined)?.describe(v) ?? `${k}=${String(v)}`)
    .join(' ');
}

/** Every action's onRequest; 'stop' when one ended the turn. */
export function actionsOnRequest(action: RuleAction, turn: ActionTurn): 'stop' | undefined {
  for (const [def, v] of present(action)) if (def.onRequest?.(v, turn) === 'stop') return 'stop';
  return undefined;
}

/** Every action's onAnswer; 'stop' when one ended the turn. */
export function actionsOnAnswer(action: RuleAction, turn: ActionTurn, plan: AnswerPlan): 'stop' | undefined {
  for (const [def, v] of present(action)) if (def.onAnswer?.(v, turn, plan) === 'stop') return 'stop';
  return undefined;
}

export type { ActionTurn, AnswerPlan, RuleActionDefinition } from './types';
