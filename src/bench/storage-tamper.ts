/**
 * Stored data tampered with while the terminal's power is off: what a bench technician does
 * to see that the firmware notices — a sealed value edited, its authentication tag stripped,
 * the terminal's data key lost or replaced by something that is no key, the state file
 * overwritten. The firmware must refuse to start and say which file, never boot on data it
 * cannot trust nor silently drop an owed reversal (src/terminal/card-vault.ts).
 *
 * The files are the reference terminal's (`state.json` and `terminal.key` in its state
 * directory): a terminal whose state directory the bench does not own, or that keeps no
 * such files, cannot be tampered with this way and the caller says why.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_FILE } from '../terminal/journal';
import { KEY_FILE } from '../terminal/card-vault';

export { KEY_FILE, STATE_FILE };

/** What can be done to the stored data, and what it does. */
export const TAMPERINGS = {
  'sealed-mac-key-altered': `one character of the sealed working MAC key's ciphertext in ${STATE_FILE} is changed`,
  'sealed-reversal-altered': `one character of the stored reversal's sealed fields in ${STATE_FILE} is changed`,
  'sealed-mac-key-unsealed': `the sealed working MAC key in ${STATE_FILE} loses its authentication tag`,
  'sealed-mac-key-foreign': `the sealed working MAC key in ${STATE_FILE} is marked as sealed by another algorithm (A128CBC)`,
  'data-key-lost': `the terminal's data key (${KEY_FILE}) is deleted`,
  'data-key-replaced': `the terminal's data key (${KEY_FILE}) is overwritten with text that is no key`,
  'state-unreadable': `${STATE_FILE} is overwritten with a record cut short (not JSON)`,
} as const;
export type Tampering = keyof typeof TAMPERINGS;

export class TamperError extends Error {}

/** Change the first base64 character of a sealed value's ciphertext: still base64, no longer what was sealed. */
function alter(sealed: { data?: unknown } | undefined, what: string): void {
  if (!sealed || typeof sealed.data !== 'string' || sealed.data.length === 0) throw new TamperError(`${STATE_FILE} holds no ${what} to alter`);
  sealed.data = (sealed.data[0] === 'A' ? 'B' : 'A') + sealed.data.slice(1);
}

/** Do `kind` to the stored data in `stateDir`; a TamperError says why it cannot be done. */
export function tamper(stateDir: string | undefined, kind: Tampering): void {
  if (!stateDir) throw new TamperError("the bench does not know the terminal's state directory (an external or operator terminal keeps its own storage)");
  const stateFile = join(stateDir, STATE_FILE);
  const keyFile = join(stateDir, KEY_FILE);
  if (!existsSync(stateFile)) throw new TamperError(`the terminal keeps no ${STATE_FILE} in its state directory ${stateDir}: its storage is not the reference terminal's`);
  if (kind === 'state-unreadable') return writeFileSync(stateFile, '{"stan": 12, "batch"');
  if (kind === 'data-key-lost' || kind === 'data-key-replaced') {
    if (!existsSync(keyFile)) throw new TamperError(`the terminal keeps no ${KEY_FILE} in ${stateDir}: nothing is sealed`);
    if (kind === 'data-key-lost') rmSync(keyFile);
    else writeFileSync(keyFile, 'not a key\n');
    return;
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { sealedMacKey?: Record<string, unknown>; pendingReversal?: { sealedFields?: Record<string, unknown> } };
  if (kind === 'sealed-mac-key-altered') alter(state.sealedMacKey, 'sealed MAC key (sign on first)');
  else if (kind === 'sealed-reversal-altered') alter(state.pendingReversal?.sealedFields, 'stored reversal (a reversal must be owed)');
  else {
    if (!state.sealedMacKey) throw new TamperError(`${STATE_FILE} holds no sealed MAC key (sign on first)`);
    if (kind === 'sealed-mac-key-foreign') state.sealedMacKey['alg'] = 'A128CBC';
    else delete state.sealedMacKey['tag'];
  }
  writeFileSync(stateFile, JSON.stringify(state));
}
