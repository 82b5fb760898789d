/**
 * The technician's commands (src/terminal/maintenance.ts) and the settings they find wrong:
 * the echo test (0800 / 0810, code 301), the NII a host routes on, the terminal clock, and
 * the status figures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDialect } from '../../src/protocols/iso8583';
import { IssuerBankEmulator } from '../../emulators/issuer-bank';
import { ReferenceTerminal } from '../../src/terminal/reference-terminal';
import { tcpHostConnector } from '../../src/terminal/runtime';
import { DEFAULT_TERMINAL_CONFIG, TerminalConfigError, applySetting } from '../../src/terminal/config';
import { testPageLines } from '../../src/terminal/maintenance';
import { displayWidth } from '../../src/terminal/slip';
import type { CardSource } from '../../src/terminal/card-source';
import { swipeRig as rig } from './swipe-rig.helpers';

test('the echo test is an 0800 with code 301, answered 0810 / 00, and moves nothing', async () => {
  const r = await rig();
  try {
    const before = r.issuer.ledger.events().length;
    const e = await r.terminal.maintenance.echo();
    assert.deepEqual({ ok: e.ok, code: e.responseCode }, { ok: true, code: '00' });
    const sent = r.issuer.messages().filter((m) => m.direction === 'in' && m.mti === '0800').at(-1);
    assert.match(String(sent?.fields?.['60']), /^00\d{6}301$/);
    assert.equal(r.issuer.ledger.events().length, before);
  } finally {
    await r.close();
  }
});

/** A reader nobody presents a card to (the echo test needs none). */
function noCards(): CardSource {
  return Object.assign(new EventEmitter(), { readCard: () => Promise.reject(new Error('no card')), generateAc: () => Promise.reject(new Error('no card')) }) as unknown as CardSource;
}

test('a TPDU addressed to another NII is not routed to the host: no answer, nothing booked; the right one is answered', async () => {
  const issuer = new IssuerBankEmulator({ dialect: getDialect('cup'), nii: '006' });
  const host = await issuer.start();
  const stateDir = mkdtempSync(join(tmpdir(), 'posbench-nii-'));
  const config = { ...DEFAULT_TERMINAL_CONFIG, hostAddress: `${host.host}:${host.port}`, hostTimeoutMs: 200, printReceipts: false, nii: '009' };
  const terminal = new ReferenceTerminal(config, stateDir, { dialect: getDialect('cup'), connectHost: tcpHostConnector, openPrinter: () => Promise.reject(new Error('no printer')), cards: noCards() });
  try {
    await terminal.start();
    const wrong = await terminal.maintenance.echo();
    assert.equal(wrong.ok, false);
    assert.match(wrong.reason ?? '', /timeout/);
    assert.equal((await terminal.signOn()).ok, false, 'a sign-on to the wrong NII is not answered either');
    await terminal.setConfig('nii', '006');
    assert.equal((await terminal.maintenance.echo()).ok, true);
  } finally {
    await terminal.stop();
    await issuer.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
});

test('terminal_clock sets the clock the terminal dates fields 12/13 with; "system" sets it back; a bad value names the format', async () => {
  const r = await rig();
  try {
    await r.terminal.setConfig('terminal_clock', '2025-01-01T08:00:00');
    const status = r.terminal.maintenance.statusFigures();
    assert.ok(Math.abs(new Date(status.time).getTime() - new Date('2025-01-01T08:00:00').getTime()) < 5000, status.time);
    await r.sale(700);
    const req = r.issuer.messages().filter((m) => m.direction === 'in' && m.mti === '0200').at(-1);
    assert.equal(req?.fields?.['13'], '0101');
    assert.match(String(req?.fields?.['12']), /^080\d{3}$/);
    await r.terminal.setConfig('terminal_clock', 'system');
    assert.ok(Math.abs(new Date(r.terminal.maintenance.statusFigures().time).getTime() - Date.now()) < 5000);
    assert.equal(r.terminal.maintenance.statusFigures().batchRecords, 1);
  } finally {
    await r.close();
  }
  assert.throws(() => applySetting(DEFAULT_TERMINAL_CONFIG, 'terminal_clock', '2025-13-01 08:00'), (e: unknown) => e instanceof TerminalConfigError && /YYYY-MM-DDTHH:MM:SS/.test(e.message));
  assert.throws(() => applySetting(DEFAULT_TERMINAL_CONFIG, 'nii', '6'), (e: unknown) => e instanceof TerminalConfigError && /3 digits/.test(e.message));
});

test('the test page spans the paper width and carries no trace number or amount a receipt pattern would read', () => {
  for (const columns of [32, 48]) {
    const lines = testPageLines(DEFAULT_TERMINAL_CONFIG, new Date(), columns).map((l) => l.text);
    assert.ok(lines.some((l) => l === '-'.repeat(columns)));
    assert.ok(lines.every((l) => displayWidth(l) <= columns), `a line wider than ${columns}`);
    assert.ok(!lines.some((l) => /凭证号|TRACE NO|AMOUNT:/.test(l)));
  }
});
