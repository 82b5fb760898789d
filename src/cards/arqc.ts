/**
 * The application cryptogram (ARQC) of the emulated cards, and its verification by the
 * issuer.
 *
 * ARQC = first 8 bytes of HMAC-SHA256(cardKey, amount ‖ currency ‖ date ‖ UN ‖ ATC), with
 *   amount   9F02  6 bytes BCD (n12, minor units)
 *   currency 5F2A  2 bytes BCD (n3, "0156")
 *   date     9A    3 bytes BCD YYMMDD
 *   UN       9F37  4 bytes
 *   ATC      9F36  2 bytes big-endian
 * This is not the EMV session-key 3DES/AES MAC; it keeps what matters for a harness: it is
 * deterministic, bound to every input, and only the holder of the per-card key can make it.
 *
 * Replay: verifyArqc() is stateless (is the cryptogram right for these data?). An issuer
 * detects a replay with an ArqcVerifier, which remembers per PAN the highest ATC it
 * accepted: a valid cryptogram whose ATC is not above it is a replay and is refused
 * (cards count their ATC up on every Generate AC, so a genuine new request always has a
 * higher ATC). Only cryptograms that verify move the remembered ATC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Card } from './catalog';
import { tlvMap } from '../protocols/tlv';
import { bcd, formatYymmdd, unpredictableNumberBytes } from '../protocols/tlv/emv-data';

export { formatYymmdd, unpredictableNumberBytes };

export interface ArqcInput {
  amountMinor: number | bigint;
  /** ISO 4217 numeric, e.g. 156 or "156". */
  currencyCode: number | string;
  /** "YYMMDD" as sent in tag 9A, or a Date (formatted as its UTC date). */
  date: string | Date;
  /** 4 bytes, or a uint32. */
  unpredictableNumber: Buffer | number;
  atc: number;
}

function keyBytes(cardKey: Buffer | string): Buffer {
  return Buffer.isBuffer(cardKey) ? cardKey : Buffer.from(cardKey, 'hex');
}

/** The 8-byte ARQC for these transaction data. */
export function computeArqc(cardKey: Buffer | string, input: ArqcInput): Buffer {
  if (!Number.isInteger(input.atc) || input.atc < 0 || input.atc > 0xffff) throw new RangeError(`atc out of range: ${input.atc}`);
  const atc = Buffer.alloc(2);
  atc.writeUInt16BE(input.atc);
  const data = Buffer.concat([
    bcd(String(input.amountMinor), 6),
    bcd(String(input.currencyCode).padStart(4, '0'), 2),
    bcd(formatYymmdd(input.date), 3),
    unpredictableNumberBytes(input.unpredictableNumber),
    atc,
  ]);
  return createHmac('sha256', keyBytes(cardKey)).update(data).digest().subarray(0, 8);
}

export type ArqcVerdict = 'ok' | 'no-chip-data' | 'missing-tag' | 'bad-format' | 'bad-cryptogram' | 'replay';

export interface ArqcCheck {
  verdict: ArqcVerdict;
  atc?: number;
  detail?: string;
}

/** Checks the cryptogram in field 55 (BER-TLV) against the card's key — the full reasoning. */
export function checkArqc(card: Pick<Card, 'emv'>, tlv55: Buffer): ArqcCheck {
  if (!card.emv) return { verdict: 'no-chip-data', detail: 'card has no EMV key' };
  let tags: Map<string, Buffer>;
  try {
    tags = tlvMap(tlv55);
  } catch (err) {
    return { verdict: 'bad-format', detail: err instanceof Error ? err.message : String(err) };
  }
  const need = ['9F02', '5F2A', '9A', '9F37', '9F36', '9F26'] as const;
  for (const t of need) if (!tags.has(t)) return { verdict: 'missing-tag', detail: `tag ${t} missing` };
  const amount = tags.get('9F02')!.toString('hex');
  const currency = tags.get('5F2A')!.toString('hex');
  const date = tags.get('9A')!.toString('hex');
  const un = tags.get('9F37')!;
  const atcBuf = tags.get('9F36')!;
  const arqc = tags.get('9F26')!;
  if (!/^\d{12}$/.test(amount) || !/^\d{4}$/.test(currency) || !/^\d{6}$/.test(date) || un.length !== 4 || atcBuf.length !== 2 || arqc.length !== 8) {
    return { verdict: 'bad-format', detail: 'a tag has the wrong length or is not BCD' };
  }
  const atc = atcBuf.readUInt16BE(0);
  const expected = computeArqc(card.emv.arqcKey, { amountMinor: BigInt(amount), currencyCode: currency, date, unpredictableNumber: un, atc });
  if (!timingSafeEqual(expected, arqc)) return { verdict: 'bad-cryptogram', atc };
  return { verdict: 'ok', atc };
}

/** True when field 55 carries a cryptogram that the card's key produced over its own data. Stateless: see ArqcVerifier for replay. */
export function verifyArqc(card: Pick<Card, 'emv'>, tlv55: Buffer): boolean {
  return checkArqc(card, tlv55).verdict === 'ok';
}

/** Issuer-side verifier with replay detection (highest accepted ATC per PAN). One per issuer instance. */
export class ArqcVerifier {
  private readonly highestAtc = new Map<string, number>();

  check(card: Pick<Card, 'emv' | 'pan'>, tlv55: Buffer): ArqcCheck {
    const result = checkArqc(card, tlv55);
    if (result.verdict !== 'ok') return result;
    const last = this.highestAtc.get(card.pan);
    if (last !== undefined && result.atc! <= last) {
      return { verdict: 'replay', atc: result.atc, detail: `ATC ${result.atc} not above last accepted ${last}` };
    }
    this.highestAtc.set(card.pan, result.atc!);
    return result;
  }

  verify(card: Pick<Card, 'emv' | 'pan'>, tlv55: Buffer): boolean {
    return this.check(card, tlv55).verdict === 'ok';
  }

  reset(): void {
    this.highestAtc.clear();
  }
}
