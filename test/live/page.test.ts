/**
 * The live bench page in headless Chromium (playwright-core driving a system browser): the
 * page loads, a click on a fault changes the printer's state and lands on the timeline with
 * its cause, the terminal's ECR is attached from the page, a sale driven through the
 * terminal (the card presented from the page) prints a receipt that appears as an image,
 * and the oracle's verdict shows. The screenshot is kept at reports/bench-page/bench-page.png.
 * Skipped, with the reason, where no browser exists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startEmulators } from '../../src/cli/commands/emulate';
import { PROJECT_ROOT } from '../../src/util/project-root';
import { CHROMIUM_ARGS, findBrowser } from './browser.helpers';
import { startTerminalAt, untilDisplay } from './live.helpers';

export const SCREENSHOT = join(PROJECT_ROOT, 'reports', 'bench-page', 'bench-page.png');

test('the bench page: a fault click changes the device state, a sale prints a receipt image, the verdict shows', async (t) => {
  const found = findBrowser();
  if ('reason' in found) {
    process.stdout.write(`bench page test skipped: ${found.reason}\n`);
    t.skip(found.reason);
    return;
  }
  const emu = await startEmulators('reference');
  const terminal = await startTerminalAt(emu.addresses);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: found.path, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(emu.addresses.page);
    const state = (device: string) => page.locator(`#state-${device}`);

    // A fault from the page: the printer's state changes, the timeline says why.
    await page.locator('[data-control="printer.cover-open"]').click();
    await state('printer').filter({ hasText: 'cover: open' }).waitFor();
    assert.match((await page.locator('#dev-printer').getAttribute('class')) ?? '', /\bfault\b/);
    await page.locator('#timeline li.inject', { hasText: 'the printer cover is open (from the bench page) [cause printer-failure]' }).waitFor();
    await page.locator('[data-control="printer.close-cover"]').click();
    await state('printer').filter({ hasText: 'cover: closed' }).waitFor();

    // The terminal's ECR attached from the page, so the oracle can read its journal.
    await page.locator('#ecr').fill(terminal.ecr);
    await page.locator('#attach button').click();
    await state('terminal').filter({ hasText: /^attached/ }).waitFor();

    // A sale through the terminal; the card is presented from the page.
    assert.equal((await terminal.till.signOn()).ok, true);
    const sale = terminal.till.sale(2500);
    await untilDisplay(terminal, /PRESENT CARD/);
    await page.locator('[id="arg-reader.present"]').fill('VISA_CHIP');
    await page.locator('[data-control="reader.present"]').click();
    assert.equal((await sale).outcome, 'approved');
    // The receipt's image has loaded (a PNG the browser decoded, taller than a header).
    await page.waitForFunction("(() => { const img = document.querySelector('#receipts figure img'); return !!img && img.complete && img.naturalWidth > 0 && img.naturalHeight > 100; })()");
    await page.locator('#verdict[data-state="in-sync"]').waitFor();
    await page.locator('#messages li', { hasText: '0200' }).first().waitFor();
    assert.match(await state('reader').innerText(), /VISA_CHIP/);
    assert.deepEqual(errors, [], 'no script errors on the page');
    // The page's own journal reads (for the verdict) do not make it read again: quiet stays quiet.
    const journalReads = () => emu.bench.timeline.filter((e) => e.kind === 'ecr.request' && e.summary.startsWith('journal')).length;
    const reads = journalReads();
    await page.waitForTimeout(800); // an absence cannot be awaited; the page refreshes 150 ms after an event
    assert.equal(journalReads(), reads, 'the page stopped reading the journal once nothing happened');
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    process.stdout.write(`bench page screenshot: ${SCREENSHOT}\n`);
  } finally {
    await browser?.close();
    await terminal.stop();
    await emu.stop();
  }
});
