// @ts-check
// A Stryker ignorer (stryker.config.mjs `ignorers`): the reference terminal's seeded firmware
// defects (src/terminal/defects.ts) are switched on by `defects.includes('name')`, which is
// false in the clean terminal the mutation run tests. A mutant that turns such a switch off,
// or that changes code only a switched-on defect runs, behaves exactly like the clean
// terminal — an equivalent mutant, not a gap in the scenarios — so these are not mutated:
// - the switch itself (`defects.includes('…')`, `!defects.includes('…')`);
// - `x && defects.includes('…')`, which is false in the clean terminal whatever x is;
// - the branch an `if` or `?:` takes only when a defect is on, and the statements after a
//   guard `if (!defects.includes('…')) return …;` (they run only with the defect on).
// Everything around a switch (`allowFallback || defects.includes(…)`, the branch the clean
// terminal takes) is mutated as usual. Whether each defect is caught is test:defects' job.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/** `defects.includes('…')` or `….defects.includes('…')`. */
function isSwitch(node) {
  if (!node || node.type !== 'CallExpression') return false;
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || callee.property.name !== 'includes') return false;
  const obj = callee.object;
  const named = (obj.type === 'Identifier' && obj.name === 'defects') || (obj.type === 'MemberExpression' && obj.property.type === 'Identifier' && obj.property.name === 'defects');
  return named && node.arguments.length === 1 && node.arguments[0].type === 'StringLiteral';
}

const isNegatedSwitch = (node) => node?.type === 'UnaryExpression' && node.operator === '!' && isSwitch(node.argument);
/** An expression that is true only when a defect is on. */
const onlyWithDefect = (node) => isSwitch(node) || (node?.type === 'LogicalExpression' && node.operator === '&&' && (onlyWithDefect(node.left) || onlyWithDefect(node.right)));

/** `if (!defect) return …;` (or `{ return …; }`) with no else: what follows it runs only with the defect on. */
function isDefectGuard(node) {
  if (node?.type !== 'IfStatement' || node.alternate || !isNegatedSwitch(node.test)) return false;
  const c = node.consequent;
  return c.type === 'ReturnStatement' || (c.type === 'BlockStatement' && c.body.at(-1)?.type === 'ReturnStatement');
}

const REASON = 'a seeded-defect switch (src/terminal/defects.ts), off in the clean terminal: its mutants are equivalent';

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'defect-switch', {
    shouldIgnore(path) {
      const node = path.node;
      if (isSwitch(node) || isNegatedSwitch(node) || onlyWithDefect(node)) return REASON;
      const parent = path.parentPath?.node;
      if (!parent) return undefined;
      // The branch taken only with a defect on: `if (defect) {…}`, `defect ? … : …`, `if (!defect) … else {…}`.
      if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && path.key === 'consequent' && onlyWithDefect(parent.test)) return REASON;
      if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && path.key === 'alternate' && isNegatedSwitch(parent.test)) return REASON;
      if (parent.type === 'BlockStatement' && path.listKey === 'body' && typeof path.key === 'number' && parent.body.slice(0, path.key).some(isDefectGuard)) return REASON;
      return undefined;
    },
  }),
];
