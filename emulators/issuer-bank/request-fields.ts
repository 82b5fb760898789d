/**
 * Reading ISO 8583 requests (PAN, expiry, batch, transaction name) and building answers
 * (MTI + 10, swapped TPDU, echoed fields): the rules every part of the issuer shares.
 */
import type { FieldValue, IsoMessage } from '../../src/protocols/iso8583/types';
import { originalMti, responseMti } from '../../src/protocols/iso8583/head';
import type { SettlementTotals } from './ledger';
import { tlvMap } from '../../src/protocols/tlv';

const ECHOED = [2, 3, 4, 7, 11, 14, 22, 23, 25, 32, 41, 42, 49, 60, 61, 70] as const;

export function buildResponse(req: IsoMessage, code: string, now: Date, rrn?: string): IsoMessage {
  const res: IsoMessage = { mti: responseMti(req.mti), fields: {} };
  if (req.tpdu) res.tpdu = swapTpdu(req.tpdu);
  if (req.header) res.header = Buffer.from(req.header);
  const f = req.fields;
  for (const n of ECHOED) if (f[n] !== undefined) res.fields[n] = f[n]!;
  if (res.fields[2] === undefined && req.mti.slice(0, 2) !== '08') {
    const pan = panOf(req);
    if (pan) res.fields[2] = pan;
  }
  res.fields[12] = hhmmss(now);
  res.fields[13] = mmdd(now);
  if (rrn) res.fields[37] = rrn;
  res.fields[39] = code;
  return res;
}

export { responseMti } from '../../src/protocols/iso8583/head';

/** 60 DDDD SSSS → 60 SSSS DDDD */
export function swapTpdu(tpdu: Buffer): Buffer {
  if (tpdu.length !== 5) return Buffer.from(tpdu);
  return Buffer.from([tpdu[0]!, tpdu[3]!, tpdu[4]!, tpdu[1]!, tpdu[2]!]);
}

export function str(v: FieldValue | undefined): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : v.toString('latin1');
}

/** PAN from field 2, else from track 2 (35) before the separator. */
export function panOf(req: IsoMessage): string | undefined {
  const f2 = req.fields[2];
  if (typeof f2 === 'string' && f2) return f2;
  const t2 = req.fields[35];
  if (typeof t2 === 'string') {
    const m = /^(\d{12,19})[D=]/i.exec(t2);
    if (m) return m[1];
  }
  return undefined;
}

/** Why field 55's 9F02 (Amount, Authorised) contradicts field 4, or undefined (consistent, or either one absent / unreadable). */
export function iccAmountMismatch(icc: Buffer, field4: string): string | undefined {
  if (!/^\d{1,12}$/.test(field4)) return undefined;
  let tags: Map<string, Buffer>;
  try {
    tags = tlvMap(icc);
  } catch {
    return undefined; // not TLV: the ARQC hook judges it
  }
  const authorised = tags.get('9F02')?.toString('hex');
  if (authorised === undefined || !/^\d{12}$/.test(authorised)) return undefined;
  if (BigInt(authorised) === BigInt(field4)) return undefined;
  return `field 55 amount 9F02 ${Number(authorised)} differs from field 4 ${Number(field4)}: the card did not authorise this amount`;
}

/**
 * An online request's field 55 must carry an ARQC: the cryptogram information data 9F27 has
 * bits 8-7 = 10 (docs/domain.md §3, [EMV Book 3 §6.5.5.4]). A TC (01) or an AAC (00) is not a
 * request for authorisation — the card approved offline, or declined — and the host declines
 * it. Undefined when the cryptogram is an ARQC or 9F27 cannot be read (the ARQC hook judges it).
 */
export function iccCryptogramProblem(icc: Buffer): string | undefined {
  let cid: Buffer | undefined;
  try {
    cid = tlvMap(icc).get('9F27');
  } catch {
    return undefined;
  }
  if (!cid || cid.length !== 1 || (cid[0]! & 0xc0) === 0x80) return undefined;
  const kind = (cid[0]! & 0xc0) === 0x40 ? 'a TC' : (cid[0]! & 0xc0) === 0 ? 'an AAC' : 'a reserved cryptogram type';
  return `field 55 carries ${kind} (9F27 ${cid.toString('hex').toUpperCase()}), not an ARQC: the card did not ask for authorisation`;
}

/** YYMM from field 14, else from track 2. */
export function expiryOf(req: IsoMessage): string | undefined {
  const f14 = req.fields[14];
  if (typeof f14 === 'string' && /^\d{4}$/.test(f14)) return f14;
  const t2 = req.fields[35];
  if (typeof t2 === 'string') {
    const m = /^\d{12,19}[D=](\d{4})/i.exec(t2);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * The service code of track 2 (35): the three digits after the expiry (docs/domain.md §3;
 * 2xx / 6xx: a chip card). Not card data that must be hidden (the PAN is; the full track
 * is not kept), so the host's record may name it.
 */
export function serviceCodeOf(req: IsoMessage): string | undefined {
  const t2 = req.fields[35];
  if (typeof t2 !== 'string') return undefined;
  return /^\d{12,19}[D=]\d{4}(\d{3})/i.exec(t2)?.[1];
}

export function isExpired(yymm: string, now: Date): boolean {
  const yy = Number(yymm.slice(0, 2));
  const mm = Number(yymm.slice(2, 4));
  if (!(mm >= 1 && mm <= 12)) return true;
  const year = 2000 + yy;
  const nowY = now.getUTCFullYear();
  const nowM = now.getUTCMonth() + 1;
  return year < nowY || (year === nowY && mm < nowM);
}

/** Batch number: 60.2 (digits 3–8 of field 60), '' when absent. */
export function batchOf(req: IsoMessage): string {
  const f60 = str(req.fields[60]);
  return /^\d{8}/.test(f60) ? f60.slice(2, 8) : '';
}

export function nextBatch(batch: string): string {
  const n = Number(batch || '0');
  return String(n >= 999_999 ? 1 : n + 1).padStart(6, '0');
}

/** "sale", "void", "sign-on" … for a request. */
export function txnLabel(req: IsoMessage): string {
  return txnName(originalMti(req.mti), str(req.fields[3]), req);
}

export function txnName(base: string, proc: string, req: IsoMessage): string {
  switch (base) {
    case '0100':
      return 'pre-auth';
    case '0200':
      return proc.startsWith('20') ? 'void' : proc.startsWith('31') ? 'balance' : 'sale';
    case '0220':
      return proc.startsWith('20') ? 'refund' : 'advice';
    case '0320':
      return 'batch-upload';
    case '0400':
      return 'reversal';
    case '0500':
      return 'settlement';
    case '0800':
      return str(req.fields[60]).slice(8, 11) === '301' || str(req.fields[70]) === '301' ? 'echo' : 'sign-on';
    case '0820':
      return 'echo';
    default:
      return 'other';
  }
}


export function hhmmss(d: Date): string {
  return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((x) => String(x).padStart(2, '0')).join('');
}

export function mmdd(d: Date): string {
  return String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0');
}

export function fmtTotals(t: SettlementTotals): string {
  return `debit ${t.debitCount}/${t.debitMinor}, credit ${t.creditCount}/${t.creditMinor}`;
}

