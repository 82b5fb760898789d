/**
 * The vocabulary's parameter types ({amount}, {card}, {code}, {desync}, {cause}), defined
 * once in src/vocabulary/parameters.ts and registered here. A value the type refuses (an
 * unknown card, a misspelt desync) fails the step at once with the known names, before any
 * bench call — the same message `posbench check` gives without a bench.
 */
import { defineParameterType } from '@cucumber/cucumber';
import { PARAMETER_TYPES, type ParameterContext } from '../src/vocabulary/parameters';
import type { PosbenchWorld } from './world';

export type { Amount } from '../src/vocabulary/parameters';

for (const spec of PARAMETER_TYPES) {
  defineParameterType({
    name: spec.name,
    regexp: spec.regexp,
    // Cucumber calls transformers with the world as `this`: validate against the bench's catalog.
    transformer: function (this: PosbenchWorld | undefined, s: string) {
      const ctx: ParameterContext = { catalog: this?.bench?.catalog };
      try {
        return spec.transform(s, ctx);
      } catch (e) {
        const hint = (e as { hint?: string }).hint;
        throw new Error(hint ? `${(e as Error).message} (${hint})` : (e as Error).message);
      }
    },
  });
}
