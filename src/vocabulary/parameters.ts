/**
 * The vocabulary's parameter types, as data without Cucumber: steps/parameters.ts registers
 * them with Cucumber, `posbench check` validates feature arguments with the same functions,
 * docs/steps.md lists them. A bad value is a VocabularyError that names the value and what
 * would be accepted, so a mistyped card name fails the step at once (in a run) or the check
 * (without a bench).
 */
import { CAUSES, DESYNC_TYPES } from '../bench/oracle';
import { loadCardCatalog, type CardCatalog } from '../cards';
import { VocabularyError } from './types';

export interface Amount {
  minor: number;
  currency?: string;
  text: string;
}

export interface ParameterContext {
  /** The card catalog the bench uses; the default catalog when absent. */
  catalog?: CardCatalog;
}

/**
 * A parameter type's meaning and validation. Its regexp lives in steps/parameters.ts, in a
 * literal `defineParameterType` call, where the Cucumber editor extension can read it.
 */
export interface ParameterSpec<T = unknown> {
  name: string;
  /** How a person writes it, e.g. `25.00`, `25.00 CNY`. */
  examples: readonly string[];
  meaning: string;
  /** The value a step receives; throws VocabularyError on a value the type rejects. */
  transform(text: string, ctx?: ParameterContext): T;
}

let defaultCatalog: CardCatalog | undefined;
function catalogOf(ctx?: ParameterContext): CardCatalog {
  if (ctx?.catalog) return ctx.catalog;
  defaultCatalog ??= loadCardCatalog();
  return defaultCatalog;
}

function oneOf(kind: string, known: readonly string[], value: string): string {
  if (!known.includes(value)) throw new VocabularyError(`unknown ${kind} "${value}"`, `known ${kind}s: ${known.join(', ')}`);
  return value;
}

const amount: ParameterSpec<Amount> = {
  name: 'amount',
  examples: ['25.00', '25.00 CNY', '0.01'],
  meaning: "a decimal with two places; the currency defaults to the profile's (a step fails when it names another)",
  transform(s) {
    const [num, currency] = s.split(' ') as [string, string | undefined];
    const [units, cents] = num.split('.') as [string, string];
    const minor = Number(units) * 100 + Number(cents);
    if (!Number.isSafeInteger(minor)) throw new VocabularyError(`amount ${s} is too large`);
    return { minor, currency, text: num };
  },
};

const card: ParameterSpec<string> = {
  name: 'card',
  examples: ['UNIONPAY_CHIP'],
  meaning: 'a name from the card catalog (src/cards/cards.yaml, listed below)',
  transform(s, ctx) {
    return oneOf('card', catalogOf(ctx).names(), s);
  },
};

const code: ParameterSpec<string> = {
  name: 'code',
  examples: ['"51"'],
  meaning: 'a two-character ISO 8583 response code (field 39), in double quotes',
  transform: (s) => s.slice(1, -1),
};

// Desync and cause names are matched as any (hyphenated) lower-case word, so a misspelt one
// reaches the transformer and is refused with the list, instead of leaving the step undefined.
const desync: ParameterSpec<string> = {
  name: 'desync',
  examples: ['approved-without-receipt'],
  meaning: `one of: ${DESYNC_TYPES.join(', ')} (docs/desyncs.md)`,
  transform: (s) => oneOf('desync', DESYNC_TYPES, s),
};

const cause: ParameterSpec<string> = {
  name: 'cause',
  examples: ['printer-failure'],
  meaning: `one of: ${CAUSES.join(', ')} (docs/desyncs.md)`,
  transform: (s) => oneOf('cause', CAUSES, s),
};

/** The project's own parameter types, in the order docs/steps.md lists them. */
export const PARAMETER_TYPES: readonly ParameterSpec[] = [amount, card, code, desync, cause];

/** Cucumber's built-in types the vocabulary uses, for the docs. */
export const BUILT_IN_PARAMETER_TYPES: readonly { name: string; examples: readonly string[]; meaning: string }[] = [
  { name: 'int', examples: ['500'], meaning: 'a whole number (milliseconds, lines, receipts)' },
  { name: 'string', examples: ['"APPROVED"'], meaning: 'text in double quotes' },
];

export function parameterSpec(name: string): ParameterSpec | undefined {
  return PARAMETER_TYPES.find((p) => p.name === name);
}
