import { defineParameterType } from '@cucumber/cucumber';
import { DESYNC_TYPES, CAUSES } from '../src/bench/oracle';

export interface Amount {
  minor: number;
  currency?: string;
  text: string;
}

defineParameterType({
  name: 'amount',
  regexp: /\d+\.\d{2}(?: [A-Z]{3})?/,
  transformer: (s: string): Amount => {
    const [num, currency] = s.split(' ');
    const [units, cents] = num!.split('.');
    return { minor: Number(units) * 100 + Number(cents), currency, text: num! };
  },
});

defineParameterType({ name: 'card', regexp: /[A-Z][A-Z0-9_]+/, transformer: (s: string) => s });
defineParameterType({ name: 'code', regexp: /"[0-9A-Z]{2}"/, transformer: (s: string) => s.slice(1, -1) });
defineParameterType({ name: 'desync', regexp: new RegExp(DESYNC_TYPES.join('|')), transformer: (s: string) => s });
defineParameterType({ name: 'cause', regexp: new RegExp(CAUSES.join('|')), transformer: (s: string) => s });
