/**
 * The printer section of a profile (columns, encoding) reaches the terminal whatever runs it:
 * a process terminal gets them as --set options, as it gets printer_baud (they once reached
 * only the in-process one, and a 48-column process bench printed 32-column slips).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from '../../src/bench/bench';
import { loadProfile, parseProfile, ProfileError, PROJECT_ROOT } from '../../src/bench/profile';

for (const name of ['reference', 'reference-pty']) {
  test(`${name} with a 48-column printer: the terminal is set to 48 columns and prints them`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'posbench-columns-'));
    const file = join(dir, `${name}-48.yaml`);
    const text = readFileSync(join(PROJECT_ROOT, 'hardware-profiles', `${name}.yaml`), 'utf8');
    writeFileSync(file, text.replace(/^name: .*$/m, `name: ${name}-48`).replace(/^  columns: 32$/m, '  columns: 48'));
    let bench: Bench | undefined;
    try {
      bench = await Bench.start({ profile: loadProfile(file), scenario: '48 columns' });
      assert.equal(bench.dutSettings.paper_columns, 48);
      assert.equal(((await bench.driver.request('getConfig')) as { paperColumns: number }).paperColumns, 48);
      assert.equal((await bench.driver.signOn()).ok, true);
      const sale = bench.driver.sale(1234);
      await bench.waitForDisplay(/PRESENT CARD/);
      await bench.presentCard('UNIONPAY_CHIP');
      assert.equal((await sale).outcome, 'approved');
      const [slip] = await bench.completeReceipts();
      assert.ok(slip, 'a slip');
      const widest = Math.max(...slip.text.split('\n').map((l) => l.length));
      assert.ok(widest > 32 && widest <= 48, `lines up to 48 columns, the widest is ${widest}:\n${slip.text}`);
      assert.ok(!slip.wrappedLines, 'no line wrapped');
    } finally {
      await bench?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a printer encoding the terminal cannot take is a profile error at printer.encoding', () => {
  const text = 'name: x\ndut: { run: in-process }\nissuer: { emulated: true }\nnetwork: { emulated: true }\nprinter: { emulated: true, encoding: "gb 18030", link: { kind: mock } }\nreader: { emulated: true, link: { kind: mock } }\n';
  assert.throws(() => parseProfile(text, 'x.yaml'), (e) => e instanceof ProfileError && /printer\.encoding/.test(e.message) && /an encoding name/.test(e.message));
});
