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
import { dirname, join } from 'node:path';
import { createCipheriv, randomBytes } from 'node:crypto';
import { JOURNAL_FILE, STATE_FILE } from '../terminal/journal';
import { KEY_FILE } from '../terminal/card-vault';

export { JOURNAL_FILE, KEY_FILE, STATE_FILE };

/** What can be done to the stored data, and what it does. */
export const TAMPERINGS = {
  'sealed-mac-key-altered': `one character of the sealed working MAC key's ciphertext in ${STATE_FILE} is changed`,
  'sealed-reversal-altered': `one character of the stored reversal's sealed fields in ${STATE_FILE} is changed`,
  'sealed-mac-key-unsealed': `the sealed working MAC key in ${STATE_FILE} loses its authentication tag`,
  'sealed-mac-key-foreign': `the sealed working MAC key in ${STATE_FILE} is marked as sealed by another algorithm (A128CBC)`,
  'sealed-mac-key-no-iv': `the sealed working MAC key in ${STATE_FILE} loses its nonce (iv)`,
  'sealed-mac-key-no-data': `the sealed working MAC key in ${STATE_FILE} loses its ciphertext (data)`,
  'sealed-mac-key-null': `the sealed working MAC key in ${STATE_FILE} is overwritten with null`,
  'sealed-reversal-unsealed': `the stored reversal's sealed fields in ${STATE_FILE} lose their authentication tag`,
  'reversal-stan-edited': `the stored reversal's trace number (stan) in ${STATE_FILE} is changed, its sealed fields left as they are`,
  'reversal-fields-lost': `the stored reversal in ${STATE_FILE} loses its request fields (sealed or not)`,
  'data-key-lost': `the terminal's data key (${KEY_FILE}) is deleted`,
  'data-key-replaced': `the terminal's data key (${KEY_FILE}) is overwritten with text that is no key`,
  'data-key-digit-appended': `the terminal's data key (${KEY_FILE}) gets one hex digit more at its end (65 digits)`,
  'data-key-digit-prepended': `the terminal's data key (${KEY_FILE}) gets one hex digit more at its start (65 digits)`,
  'sealed-mac-key-not-json': `the working MAC key in ${STATE_FILE} is sealed again, under the terminal's key and for its record, over text that is not JSON (as firmware with another serialization would seal it)`,
  'journal-empty': `the terminal's journal (${JOURNAL_FILE}) is left empty, 0 bytes, as a power cut while the file was being made leaves it`,
  'journal-record-garbled': `the first record of the terminal's journal (${JOURNAL_FILE}) is no longer JSON (its opening brace overwritten), with whole records after it`,
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
  if (kind === 'journal-empty') return writeFileSync(join(stateDir, JOURNAL_FILE), '');
  if (kind === 'journal-record-garbled') return garbleFirstRecord(join(stateDir, JOURNAL_FILE));
  if (kind.startsWith('data-key-')) {
    if (!existsSync(keyFile)) throw new TamperError(`the terminal keeps no ${KEY_FILE} in ${stateDir}: nothing is sealed`);
    const key = readFileSync(keyFile, 'utf8').trim();
    if (kind === 'data-key-lost') rmSync(keyFile);
    else if (kind === 'data-key-digit-appended') writeFileSync(keyFile, `${key}0\n`);
    else if (kind === 'data-key-digit-prepended') writeFileSync(keyFile, `0${key}\n`);
    else writeFileSync(keyFile, 'not a key\n');
    return;
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { sealedMacKey?: Record<string, unknown> | null; pendingReversal?: { stan?: string; sealedFields?: Record<string, unknown> } };
  const reversal = state.pendingReversal;
  if (kind === 'sealed-mac-key-altered') alter(state.sealedMacKey ?? undefined, 'sealed MAC key (sign on first)');
  else if (kind === 'sealed-reversal-altered') alter(reversal?.sealedFields, 'stored reversal (a reversal must be owed)');
  else if (kind === 'sealed-reversal-unsealed' || kind === 'reversal-fields-lost' || kind === 'reversal-stan-edited') {
    if (!reversal?.sealedFields) throw new TamperError(`${STATE_FILE} holds no stored reversal with sealed fields (a reversal must be owed)`);
    if (kind === 'reversal-fields-lost') delete reversal.sealedFields;
    else if (kind === 'reversal-stan-edited') reversal.stan = reversal.stan === '000001' ? '000002' : '000001';
    else delete reversal.sealedFields['tag'];
  } else {
    if (!state.sealedMacKey) throw new TamperError(`${STATE_FILE} holds no sealed MAC key (sign on first)`);
    if (kind === 'sealed-mac-key-null') state.sealedMacKey = null;
    else if (kind === 'sealed-mac-key-not-json') state.sealedMacKey = sealRaw(keyFile, 'macKey', 'not JSON');
    else if (kind === 'sealed-mac-key-foreign') state.sealedMacKey['alg'] = 'A128CBC';
    else delete state.sealedMacKey[STRIPPED[kind as keyof typeof STRIPPED]];
  }
  writeFileSync(stateFile, JSON.stringify(state));
}

/**
 * Seal `text` as it stands (not as JSON) under the terminal's key in `keyFile`, bound to the
 * record `context` — the reference terminal's sealed-value format (AES-256-GCM, src/terminal/card-vault.ts).
 */
function sealRaw(keyFile: string, context: string, text: string): Record<string, string> {
  if (!existsSync(keyFile)) throw new TamperError(`the terminal keeps no ${KEY_FILE}: nothing is sealed`);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex'), iv);
  c.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return { alg: 'A256GCM', iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** The part of the sealed MAC key each stripping tampering removes. */
const STRIPPED = { 'sealed-mac-key-unsealed': 'tag', 'sealed-mac-key-no-iv': 'iv', 'sealed-mac-key-no-data': 'data' } as const;

/** Overwrite the opening brace of the journal's first record: a record in the middle of the file that is no longer JSON (not a torn last one). */
function garbleFirstRecord(file: string): void {
  if (!existsSync(file)) throw new TamperError(`the terminal keeps no ${JOURNAL_FILE} in ${dirname(file)}: its journal's format is not the reference terminal's`);
  const text = readFileSync(file, 'utf8');
  if (text.split('\n').filter((l) => l.trim()).length < 2) throw new TamperError(`${JOURNAL_FILE} holds fewer than two records: the first would be its last`);
  writeFileSync(file, `#${text.slice(1)}`);
}
