/**
 * A reference terminal with swiped cards against the real issuer emulator over TCP, signed
 * on, without a printer (receipts off): for tests of what the terminal sends.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDialect } from '../../src/protocols/iso8583';
import { IssuerBankEmulator } from '../../emulators/issuer-bank';
import { ReferenceTerminal } from '../../src/terminal/reference-terminal';
import { tcpHostConnector } from '../../src/terminal/runtime';
import { DEFAULT_TERMINAL_CONFIG, type TerminalConfig } from '../../src/terminal/config';
import type { CardData, CardEvent, CardSource } from '../../src/terminal/card-source';

export const PAN = '6210947000000021';
const SWIPE: CardData = { pan: PAN, expiry: '3012', serviceCode: '101', track2: `${PAN}D3012101000`, presentation: 'swipe' };

class SwipedCards extends EventEmitter<{ card: [e: CardEvent] }> implements CardSource {
  readCard(): Promise<CardData> {
    return Promise.reject(new Error('swipe only'));
  }
  generateAc(): Promise<{ tlv: Buffer }> {
    return Promise.reject(new Error('swipe only'));
  }
}

export async function swipeRig(settings: Partial<TerminalConfig> = {}) {
  const issuer = new IssuerBankEmulator({ dialect: getDialect('cup'), accounts: [{ pan: PAN, balanceMinor: 100_000_000 }] });
  const host = await issuer.start();
  const stateDir = mkdtempSync(join(tmpdir(), 'posbench-swipe-rig-'));
  const cards = new SwipedCards();
  const terminal = new ReferenceTerminal(
    { ...DEFAULT_TERMINAL_CONFIG, hostAddress: `${host.host}:${host.port}`, hostTimeoutMs: 2000, printReceipts: false, ...settings },
    stateDir,
    { dialect: getDialect('cup'), connectHost: tcpHostConnector, openPrinter: () => Promise.reject(new Error('no printer')), cards },
  );
  await terminal.start();
  assert.equal((await terminal.signOn()).ok, true);
  // The card is asked for synchronously (reference-terminal.ts): swipe it at once.
  const swipe = <T>(p: Promise<T>): Promise<T> => {
    cards.emit('card', { event: 'swiped', card: SWIPE });
    return p;
  };
  const sale = (amountMinor: number) => swipe(terminal.sale(amountMinor, `sale-${amountMinor}`));
  const settlements = () => issuer.ledger.events().filter((e) => e.kind === 'settlement');
  const field48s = () => issuer.messages().filter((m) => m.mti === '0500').map((m) => String(m.fields?.['48'] ?? ''));
  const close = async () => {
    await terminal.stop();
    await issuer.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
  return { terminal, issuer, sale, swipe, settlements, field48s, close };
}
