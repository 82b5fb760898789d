/**
 * The vocabulary's parameter types. Meaning and validation are defined once in
 * src/vocabulary/parameters.ts; the regexps are written here literally, one
 * `defineParameterType` call each, because that is what the Cucumber editor extension reads
 * to autocomplete and check steps. A value a type refuses (an unknown card, a misspelt
 * desync) fails the step at once with the known names, before any bench call — the same
 * message `posbench check` gives without a bench.
 */
import { defineParameterType } from '@cucumber/cucumber';
import { parameterSpec, type ParameterContext } from '../src/vocabulary/parameters';
import type { PosbenchWorld } from './world';

export type { Amount } from '../src/vocabulary/parameters';

/** The transformer of one parameter type: Cucumber calls it with the world as `this`, so cards are checked against the bench's catalog. */
function transformer(name: string) {
  const spec = parameterSpec(name);
  if (!spec) throw new Error(`steps/parameters.ts: no parameter type "${name}" in src/vocabulary/parameters.ts`);
  return function (this: PosbenchWorld | undefined, s: string): unknown {
    const ctx: ParameterContext = { catalog: this?.bench?.catalog };
    try {
      return spec.transform(s, ctx);
    } catch (e) {
      const hint = (e as { hint?: string }).hint;
      throw new Error(hint ? `${(e as Error).message} (${hint})` : (e as Error).message);
    }
  };
}

defineParameterType({ name: 'amount', regexp: /\d+\.\d{2}(?: [A-Z]{3})?/, transformer: transformer('amount') });
defineParameterType({ name: 'card', regexp: /[A-Z][A-Z0-9_]+/, transformer: transformer('card') });
defineParameterType({ name: 'code', regexp: /"[0-9A-Z]{2}"/, transformer: transformer('code') });
defineParameterType({ name: 'desync', regexp: /[a-z]+(?:-[a-z]+)*/, transformer: transformer('desync') });
defineParameterType({ name: 'cause', regexp: /[a-z]+(?:-[a-z]+)*/, transformer: transformer('cause') });
