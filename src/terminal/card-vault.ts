/**
 * Card data at rest. A stored reversal must carry the card number (field 2) and the other
 * request fields it replays, and it must survive a power cut — so it is written to disk.
 * PCI DSS requirement 3 asks that a stored PAN be unreadable (strong cryptography) and that
 * track data never be kept after authorisation (docs/domain.md §6). The terminal therefore
 * seals those fields (and the working MAC key, a secret key) with AES-256-GCM under a
 * per-terminal data key before they reach state.json; track 2, the PIN block and ICC data are never stored at all (reversal.ts).
 *
 * The data key is 32 random bytes in its own file beside the state (`terminal.key`, mode
 * 0600). A real terminal keeps it in its secure element, loaded by key injection, and it
 * never leaves the device; here a file stands in for it. What this protects against is
 * the state file leaking on its own — copied into a test report, a bug ticket, a support
 * bundle — not an attacker who owns the whole state directory.
 *
 * A sealed value that does not open (wrong key, edited ciphertext, missing key file) is a
 * `CardDataError` naming the file, never a crash or a silently dropped reversal.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PosbenchError } from '../util/errors';

/** A sealed value as it is written to disk. */
export interface Sealed {
  /** Format version and algorithm, so a later format can be told apart. */
  alg: 'A256GCM';
  /** 12-byte nonce, base64 (fresh for every seal). */
  iv: string;
  /** 16-byte GCM authentication tag, base64. */
  tag: string;
  /** Ciphertext, base64. */
  data: string;
}

export class CardDataError extends PosbenchError {
  constructor(file: string, reason: string) {
    super('CARD_DATA', `${file}: ${reason}`);
  }
}

export const KEY_FILE = 'terminal.key';

export function isSealed(v: unknown): v is Sealed {
  const s = v as Partial<Sealed> | undefined;
  return !!s && typeof s === 'object' && s.alg === 'A256GCM' && typeof s.iv === 'string' && typeof s.tag === 'string' && typeof s.data === 'string';
}

export class CardVault {
  private readonly keyFile: string;
  private key?: Buffer;

  constructor(dir: string) {
    this.keyFile = join(dir, KEY_FILE);
  }

  /** The data key: read from its file, or made on first use (only when there is something to seal). */
  private dataKey(create: boolean, forFile: string): Buffer {
    if (this.key) return this.key;
    if (existsSync(this.keyFile)) {
      const hex = readFileSync(this.keyFile, 'utf8').trim();
      if (!/^[0-9a-f]{64}$/i.test(hex)) throw new CardDataError(this.keyFile, 'not a terminal data key (expected 64 hex digits)');
      this.key = Buffer.from(hex, 'hex');
    } else {
      if (!create) throw new CardDataError(forFile, `holds sealed card data but the terminal key ${this.keyFile} is missing`);
      const key = randomBytes(32);
      // 'wx': never overwrite a key someone else just made; 0600: the owner only.
      writeFileSync(this.keyFile, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(this.keyFile, 0o600); // the umask may have narrowed it further, never widened
      this.key = key;
    }
    return this.key;
  }

  /** Seal `value` (JSON); `context` is bound in as additional data, so a sealed value cannot be moved to another record. */
  seal(value: unknown, context: string, forFile: string): Sealed {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.dataKey(true, forFile), iv);
    c.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([c.update(JSON.stringify(value), 'utf8'), c.final()]);
    return { alg: 'A256GCM', iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  /** Open a sealed value; `what` names it in the error ("pendingReversal.sealedFields"). */
  open<T>(sealed: Sealed, context: string, forFile: string, what: string): T {
    const key = this.dataKey(false, forFile);
    let text: string;
    try {
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      d.setAAD(Buffer.from(context, 'utf8'));
      d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      text = Buffer.concat([d.update(Buffer.from(sealed.data, 'base64')), d.final()]).toString('utf8');
    } catch {
      throw new CardDataError(forFile, `${what} does not open under the terminal key ${this.keyFile}: it was altered, or sealed under another key`);
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new CardDataError(forFile, `${what} opened but is not JSON: ${(e as Error).message}`);
    }
  }
}
