import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutDifference, matchesWithEllipsis } from '../../src/bench/receipt-layout';

const SLIP = ['     TITLE', 'MERCHANT COPY', '----', 'DATE: 2026/12/01 10:00:00', 'AMOUNT: CNY 12.05', '', 'SIGNATURE'].join('\n');

test('a slip written out line by line agrees; trailing blanks do not count', () => {
  assert.equal(layoutDifference(SLIP.replace('COPY', 'COPY   '), SLIP), undefined);
});

test('leading blanks count: a title not centred as written is a difference, named by its line', () => {
  assert.equal(layoutDifference(SLIP.replace('     TITLE', 'TITLE'), SLIP), 'line 1: expected "TITLE", printed "     TITLE"');
});

test('… stands for any run of characters within a line, and nothing else is a pattern', () => {
  assert.equal(layoutDifference(SLIP.replace('2026/12/01 10:00:00', '…'), SLIP), undefined);
  assert.equal(layoutDifference(SLIP.replace('CNY 12.05', 'CNY 12.…'), SLIP), undefined);
  // A dot is a dot, not "any character".
  assert.equal(layoutDifference(SLIP, SLIP.replace('12.05', '12x05')), 'line 5: expected "AMOUNT: CNY 12.05", printed "AMOUNT: CNY 12x05"');
  assert.match(layoutDifference(SLIP.replace('12.05', '12.0'), SLIP) ?? '', /line 5/);
});

test('a line of … alone stands for any number of lines, none included', () => {
  assert.equal(layoutDifference(['     TITLE', '…'].join('\n'), SLIP), undefined);
  assert.equal(layoutDifference(['     TITLE', '…', 'SIGNATURE'].join('\n'), SLIP), undefined);
  assert.equal(layoutDifference(['     TITLE', 'MERCHANT COPY', '…', '----', '…'].join('\n'), SLIP), undefined);
  assert.equal(layoutDifference(['…', 'NO SUCH LINE'].join('\n'), SLIP), 'line 8: expected "NO SUCH LINE", the receipt ends at line 7');
});

test('a blank line inside the slip, a missing line and an extra line are differences', () => {
  assert.equal(layoutDifference(SLIP.replace('\n\n', '\n'), SLIP), 'line 6: expected "SIGNATURE", printed ""');
  assert.equal(layoutDifference(`${SLIP}\nEXTRA`, SLIP), 'line 8: expected "EXTRA", the receipt ends at line 7');
  assert.equal(layoutDifference(SLIP.replace('\nSIGNATURE', ''), SLIP), 'line 7: printed "SIGNATURE", the expected layout ends at line 6');
});

test('a whole text against a pattern with … (the journal reason step): anchored at both ends', () => {
  assert.equal(matchesWithEllipsis('timeout: no reply within … ms; manual handling', 'timeout: no reply within 1500 ms; manual handling'), true);
  assert.equal(matchesWithEllipsis('…: manual handling', 'x: manual handling; again: manual handling'), true);
  assert.equal(matchesWithEllipsis('after 2 tries: manual handling', 'after 2 tries: manual handling; after 4 tries: manual handling'), false);
  assert.equal(matchesWithEllipsis('a.b', 'axb'), false);
});
