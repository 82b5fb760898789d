/**
 * The state directory of a terminal upgraded from firmware that kept its state in clear:
 * state.json as that firmware wrote it — the working MAC key (`macKeyHex`) and a stored
 * reversal's request fields (`pendingReversal.fields`, the card number among them) in
 * clear — and no data key (`terminal.key`), since nothing was sealed. The firmware of now
 * must read such a state, keep the reversal it owes and seal both at once
 * (src/terminal/journal.ts, migration on load; docs/domain.md §6).
 *
 * The bench makes it from the terminal's own state while the power is off: it opens what
 * is sealed there with the terminal's store (the reference terminal's format), writes it
 * back in clear and deletes the key.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_FILE, TerminalStore } from '../terminal/journal';
import { KEY_FILE } from '../terminal/card-vault';
import { TamperError } from './storage-tamper';

/** Set the trace number (STAN) counter in `stateDir`'s state.json: the last STAN used, the next is the one after it. */
export function setStanCounter(stateDir: string, last: number): void {
  const file = join(stateDir, STATE_FILE);
  if (!existsSync(file)) throw new TamperError(`the terminal keeps no ${STATE_FILE} in its state directory ${stateDir}: its storage is not the reference terminal's`);
  const state = JSON.parse(readFileSync(file, 'utf8')) as { stan?: unknown };
  if (typeof state.stan !== 'number') throw new TamperError(`${STATE_FILE} in ${stateDir} keeps no trace number counter (stan): its format is not the reference terminal's`);
  writeFileSync(file, JSON.stringify({ ...state, stan: last }));
}

/** Rewrite `stateDir`'s state.json in clear, as firmware before sealing kept it, and delete the data key. */
export function rewriteStateInClear(stateDir: string): void {
  if (!existsSync(join(stateDir, STATE_FILE))) throw new TamperError(`the terminal keeps no ${STATE_FILE} in its state directory ${stateDir}: its storage is not the reference terminal's`);
  const { state } = new TerminalStore(stateDir);
  writeFileSync(join(stateDir, STATE_FILE), JSON.stringify(state));
  rmSync(join(stateDir, KEY_FILE), { force: true });
}

/**
 * What in the state directory is readable without the data key: any of `pans` (the card
 * numbers the bench presents), a MAC key, a reversal's fields in clear — or by another user
 * (state.json or terminal.key not mode 0600). Empty when nothing is.
 */
export function clearTextInState(stateDir: string, pans: readonly string[]): string[] {
  const file = join(stateDir, STATE_FILE);
  if (!existsSync(file)) return [`there is no ${STATE_FILE} in ${stateDir}`];
  const text = readFileSync(file, 'utf8');
  const state = JSON.parse(text) as { macKeyHex?: unknown; sealedMacKey?: unknown; pendingReversal?: { fields?: unknown; sealedFields?: unknown } };
  const found: string[] = [];
  for (const pan of new Set(pans)) if (text.includes(pan)) found.push(`the card number ${pan.slice(0, 6)}…${pan.slice(-4)} in clear`);
  if (state.macKeyHex !== undefined) found.push('the working MAC key in clear (macKeyHex)');
  if (state.pendingReversal?.fields !== undefined) found.push("the stored reversal's request fields in clear (pendingReversal.fields)");
  // Sealed or not, the state and the key are the owner's only (mode 0600).
  for (const name of [STATE_FILE, KEY_FILE]) {
    const path = join(stateDir, name);
    if (existsSync(path) && statSync(path).mode & 0o077) found.push(`${name} readable by others than its owner (mode ${(statSync(path).mode & 0o777).toString(8)})`);
  }
  if ((state.sealedMacKey !== undefined || state.pendingReversal?.sealedFields !== undefined) && !existsSync(join(stateDir, KEY_FILE))) found.push(`sealed values but no ${KEY_FILE} to open them`);
  return found;
}
