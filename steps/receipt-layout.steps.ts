import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { layoutDifference } from '../src/bench/receipt-layout';
import type { ReceiptLine } from '../src/protocols/escpos/receipt';

// The last receipt's layout, as it came out of the printer: its lines (src/bench/receipt-layout.ts)
// and its print modes (bold, double height), which only the emulated printer's decoder keeps.

Then('the last receipt reads:', async function (this: PosbenchWorld, layout: string) {
  if (this.pending) await this.settle();
  const last = (await this.bench.paper()).at(-1);
  assert.ok(last, 'no receipt was printed');
  const diff = layoutDifference(layout, last.text);
  assert.equal(diff, undefined, `the last receipt is not laid out as expected: ${diff}\n${last.text}`);
});

function printedIn(world: PosbenchWorld, text: string, mode: string, has: (l: ReceiptLine) => boolean): 'skipped' | undefined {
  if (!world.bench.printer) return world.skipped(`"${text}" in ${mode}: the printer is not emulated on this bench, and only the emulator's decoder keeps the print modes (the paper's text is checked by the other receipt steps)`);
  const receipt = world.bench.printer.journal().at(-1)?.receipt;
  assert.ok(receipt, 'no receipt was printed');
  const lines = receipt.lines.filter((l) => l.text.includes(text));
  assert.ok(lines.length > 0, `the last receipt does not show "${text}":\n${receipt.text()}`);
  const plain = lines.filter((l) => !has(l));
  assert.equal(plain.length, 0, `the last receipt prints "${text}" not in ${mode}: ${plain.map((l) => `"${l.text.trim()}"`).join(', ')}`);
  return undefined;
}

Then('the last receipt prints {string} in bold', async function (this: PosbenchWorld, text: string) {
  if (this.pending) await this.settle();
  return printedIn(this, text, 'bold (ESC E 1)', (l) => l.bold);
});

Then('the last receipt prints {string} in double height', async function (this: PosbenchWorld, text: string) {
  if (this.pending) await this.settle();
  return printedIn(this, text, 'double height (GS ! or ESC !)', (l) => l.height >= 2);
});

Then('the last receipt prints {string} in normal print', async function (this: PosbenchWorld, text: string) {
  if (this.pending) await this.settle();
  return printedIn(this, text, 'normal print (neither bold nor enlarged)', (l) => !l.bold && l.height === 1 && l.width === 1);
});
