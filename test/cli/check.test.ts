/** `posbench check`: a dry run that catches mistyped steps and parameters without a bench. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/bench/profile';
import { checkCommand } from '../../src/cli/commands/check';

async function check(paths: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await checkCommand(paths, { profile: 'reference' }, (s) => (out += s));
  return { code, out };
}

test('a feature with a mistyped step and a mistyped card name fails, naming the nearest step and the known cards', async () => {
  const { code, out } = await check([join(PROJECT_ROOT, 'test', 'vocabulary', 'fixtures', 'mistyped.feature')]);
  assert.equal(code, 1, out);
  assert.match(out, /mistyped\.feature:7: undefined step\n {4}step: And the issuer approve all transactions\n {4}did you mean: Given the issuer approves all transactions\n/);
  assert.match(out, /mistyped\.feature:8: unknown card "VISA_CHP"\n/);
  assert.match(out, /known cards: UNIONPAY_CHIP, UNIONPAY_MAGSTRIPE, VISA_CHIP, .*BAD_LUHN_CARD/);
  assert.match(out, /2 problem\(s\) in 1 feature file\(s\), 1 scenario\(s\), 4 step\(s\)/);
});

test("the repository's own features pass the check", async () => {
  const { code, out } = await check([]);
  assert.equal(code, 0, out);
  assert.match(out, /no problems/);
});

test('a path that does not exist is a problem, not a silent pass', async () => {
  const { code, out } = await check([join(PROJECT_ROOT, 'features', 'no-such-folder')]);
  assert.equal(code, 1);
  assert.match(out, /no-such-folder: no such file or folder/);
});

test('a data table under a step that takes none, a setting value the terminal refuses and a misspelt cause are problems', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-check-'));
  try {
    const file = join(dir, 'more.feature');
    writeFileSync(
      file,
      [
        'Feature: More typos',
        '  Scenario: s',
        '    Given the issuer approves all transactions',
        '      | a | b |',
        '    And the terminal setting "receipt_copies" is "9"',
        '    Then the bench reports the desync approved-without-receipt caused by printer-falure',
        '    And the last receipt reads:',
        '    And the last receipt shows "x"',
        '      """',
        '      x',
        '      """',
        '',
      ].join('\n'),
    );
    const { code, out } = await check([file]);
    assert.equal(code, 1);
    assert.match(out, /more\.feature:3: this step takes no data table, but a data table follows it/);
    assert.match(out, /more\.feature:5: terminal setting "receipt_copies": 9 is outside 0\.\.3/);
    assert.match(out, /more\.feature:6: unknown cause "printer-falure"\n.*\n\s+known causes: printer-failure, network-failure/);
    // The layout step reads the doc string below it; the plain one takes none.
    assert.match(out, /more\.feature:7: this step reads the doc string below it, and none follows it/);
    assert.match(out, /more\.feature:8: this step takes no doc string, but a doc string follows it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a scenario without a requirement tag and a tag naming an unknown requirement are problems', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-check-'));
  try {
    const file = join(dir, 'req.feature');
    writeFileSync(
      file,
      [
        'Feature: Requirements',
        '  Scenario: untagged',
        '    Given the issuer approves all transactions',
        '  @req:REV-99 @req:REV-01',
        '  Scenario: one known, one unknown',
        '    Given the issuer approves all transactions',
        '',
      ].join('\n'),
    );
    const { code, out } = await check([file]);
    assert.equal(code, 1, out);
    assert.match(out, /req\.feature:2: scenario "untagged" names no requirement\n\s+tag it \(or its Feature\) with @req:ID/);
    assert.match(out, /req\.feature:4: tag @req:REV-99 names no requirement of docs\/requirements\.yaml\n\s+did you mean @req:REV-01/);
    assert.doesNotMatch(out, /@req:REV-01 names no requirement/);
    assert.match(out, /2 problem\(s\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Feature-level requirement tag covers every scenario under it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-check-'));
  try {
    const file = join(dir, 'inherited.feature');
    writeFileSync(file, ['@req:SYNC-01', 'Feature: Inherited', '  Scenario: a', '    Given the issuer approves all transactions', ''].join('\n'));
    const { code, out } = await check([file]);
    assert.equal(code, 0, out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
