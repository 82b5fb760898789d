/** `posbench check`: a dry run that catches mistyped steps and parameters without a bench. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
  assert.match(out, /mistyped\.feature:6: undefined step\n {4}step: And the issuer approve all transactions\n {4}did you mean: Given the issuer approves all transactions\n/);
  assert.match(out, /mistyped\.feature:7: unknown card "VISA_CHP"\n/);
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
