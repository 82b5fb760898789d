/**
 * The issuer's decisions on financial requests: purchases (sale, pre-auth), offline sale
 * advices, voids, refunds and balance inquiries, with the card checks they share
 * (Luhn, account, expiry, PIN, the ARQC and its amount).
 */
import { luhnValid } from '../../src/util/mask';
import type { IsoMessage } from '../../src/protocols/iso8583/types';
import { magicAmount } from './rules';
import { decryptPinBlock } from './keys';
import { expiryOf, iccAmountMismatch, iccCryptogramProblem, isExpired, str } from './request-fields';
import { pick, type HostState, type Txn, type TxnKind } from './host-state';

/** Card checks shared by purchases and balance inquiries. Returns a decline code or undefined. */
export function cardChecks(h: HostState, req: IsoMessage, pan: string): { code: string; reason: string } | undefined {
  if (!/^\d{12,19}$/.test(pan) || !luhnValid(pan)) return { code: '14', reason: 'invalid card number (Luhn)' };
  const acct = h.cfg.ledger.lookup(pan);
  if (!acct) {
    if (!h.cfg.unknownCardsApproved) return { code: '14', reason: 'card unknown to the issuer' };
    h.cfg.ledger.setBalance(pan, h.cfg.unknownCardBalanceMinor, h.ctx(req, ''));
  }
  const expiry = expiryOf(req) ?? acct?.expiry;
  if (expiry && isExpired(expiry, h.cfg.clock.date())) return { code: '54', reason: `card expired ${expiry}` };
  if (acct?.expiry && isExpired(acct.expiry, h.cfg.clock.date())) return { code: '54', reason: `card expired ${acct.expiry}` };
  const pinBlock = req.fields[52];
  if (Buffer.isBuffer(pinBlock) && acct?.pin !== undefined) {
    const terminalId = str(req.fields[41]).trim();
    const pin = decryptPinBlock(h.cfg.keysFor(terminalId).pinKey, pinBlock, pan);
    if (pin !== acct.pin) return { code: '55', reason: 'incorrect PIN' };
  }
  const icc = req.fields[55];
  if (Buffer.isBuffer(icc)) {
    // The cryptogram covers 9F02 (Amount, Authorised), not field 4: an ARQC for another amount
    // would verify. The card authorised only what 9F02 says.
    const mismatch = iccAmountMismatch(icc, str(req.fields[4]));
    if (mismatch) return { code: '05', reason: mismatch };
    const notArqc = iccCryptogramProblem(icc);
    if (notArqc) return { code: '05', reason: notArqc };
    if (h.cfg.verifyCryptogram && !h.cfg.verifyCryptogram(pan, icc)) return { code: '05', reason: 'ARQC verification failed' };
  }
  return undefined;
}

export function purchase(h: HostState, req: IsoMessage, kind: TxnKind, pan: string, amountMinor: number, forced: string | undefined): { response?: IsoMessage; reason: string; noResponseFromMagic?: boolean } {
  let code: string;
  let reason: string;
  let noResponseFromMagic = false;
  if (forced !== undefined) {
    code = forced;
    reason = `response code ${forced} forced by a rule`;
  } else if (amountMinor <= 0) {
    code = '13';
    reason = 'invalid amount';
  } else {
    const bad = cardChecks(h, req, pan);
    const magic = h.cfg.magicAmounts ? magicAmount(amountMinor) : undefined;
    if (bad) {
      code = bad.code;
      reason = bad.reason;
    } else if (magic?.responseCode) {
      code = magic.responseCode;
      reason = `magic amount …${String(amountMinor % 100).padStart(2, '0')}: ${magic.meaning}`;
    } else if ((h.cfg.ledger.balanceOf(pan) ?? 0) < amountMinor) {
      code = '51';
      reason = 'insufficient funds';
    } else {
      code = '00';
      reason = 'approved';
      if (magic?.noResponse) {
        noResponseFromMagic = true;
        reason = `approved; magic amount …${String(amountMinor % 100).padStart(2, '0')}: ${magic.meaning}`;
      }
    }
  }
  const rrn = h.nextRrn();
  const ctx = h.ctx(req, rrn);
  const t: Txn = {
    kind,
    terminalId: ctx.terminalId,
    merchantId: ctx.merchantId,
    batch: ctx.batch,
    stan: ctx.stan,
    rrn,
    authCode: code === '00' ? h.authCode() : '',
    pan,
    amountMinor,
    responseCode: code,
    state: code === '00' ? 'approved' : 'declined',
    refundedMinor: 0,
  };
  if (code === '00') t.holdId = h.cfg.ledger.placeHold(ctx, pan, amountMinor, '00', kind === 'sale' ? undefined : kind);
  else h.cfg.ledger.note('decline', ctx, pan, amountMinor, code, { note: reason });
  h.remember(t, req);
  const res = h.respond(req, code, rrn);
  if (code === '00') res.fields[38] = t.authCode;
  iccResponse(h, req, res, code);
  return { response: res, reason, noResponseFromMagic };
}

export function offlineAdvice(h: HostState, req: IsoMessage, pan: string, amountMinor: number, forced: string | undefined): { response?: IsoMessage; reason: string } {
  const rrn = h.nextRrn();
  const ctx = h.ctx(req, rrn);
  const code = forced ?? '00';
  const t: Txn = { kind: 'offline', ...pick(ctx), rrn, authCode: str(req.fields[38]).trim(), pan, amountMinor, responseCode: code, state: code === '00' ? 'approved' : 'declined', refundedMinor: 0 };
  if (code === '00') t.holdId = h.cfg.ledger.placeHold(ctx, pan, amountMinor, '00', 'offline sale advice');
  else h.cfg.ledger.note('decline', ctx, pan, amountMinor, code, { note: 'offline advice declined by a rule' });
  h.remember(t, req);
  return { response: h.respond(req, code, rrn), reason: 'offline sale advice' };
}

export function voidSale(h: HostState, req: IsoMessage, pan: string, amountMinor: number, forced: string | undefined): { response?: IsoMessage; reason: string } {
  const f61 = str(req.fields[61]);
  const origBatch = f61.slice(0, 6);
  const origStan = f61.slice(6, 12);
  const rrn = h.nextRrn();
  const ctx = h.ctx(req, rrn);
  const orig = /^\d{12}/.test(f61) ? h.txns.get(`${ctx.terminalId}|${origBatch}|${origStan}`) : undefined;
  let code: string;
  let reason: string;
  if (forced !== undefined && forced !== '00') {
    code = forced;
    reason = `response code ${forced} forced by a rule`;
  } else if (!/^\d{12}/.test(f61)) {
    code = '30';
    reason = 'void without original batch + STAN in field 61';
  } else if (!orig || (orig.kind !== 'sale' && orig.kind !== 'preauth' && orig.kind !== 'offline') || orig.state === 'declined' || orig.state === 'reversed') {
    code = '25';
    reason = `original ${origBatch}/${origStan} not found (or not approved)`;
  } else if (orig.state === 'voided') {
    code = '12';
    reason = `original ${origBatch}/${origStan} is already voided`;
  } else if (orig.state === 'settled') {
    code = '12';
    reason = `original ${origBatch}/${origStan} is already settled`;
  } else if (orig.amountMinor !== amountMinor) {
    code = '64';
    reason = `amount ${amountMinor} differs from the original ${orig.amountMinor}`;
  } else if (str(req.fields[37]).trim() !== orig.rrn) {
    // A void repeats its original's RRN (37) and, when it had one, its auth code (38): the
    // host locates the original by them as well as by 61 (docs/domain.md §1.6, which original a void hits).
    code = '25';
    reason = `RRN "${str(req.fields[37]).trim()}" is not the original's (${orig.rrn})`;
  } else if (req.fields[38] !== undefined && str(req.fields[38]).trim() !== orig.authCode) {
    code = '25';
    reason = `auth code "${str(req.fields[38]).trim()}" is not the original's (${orig.authCode})`;
  } else if (orig.pan !== pan) {
    code = '25';
    reason = 'card differs from the original';
  } else {
    code = '00';
    reason = `void of ${origBatch}/${origStan}`;
  }
  const t: Txn = { kind: 'void', ...pick(ctx), rrn, authCode: code === '00' ? h.authCode() : '', pan, amountMinor, responseCode: code, state: code === '00' ? 'approved' : 'declined', refundedMinor: 0 };
  if (code === '00' && orig) {
    t.original = orig;
    orig.state = 'voided';
    h.cfg.ledger.note('void', ctx, pan, amountMinor, '00', { originalStan: orig.stan, note: `voids STAN ${orig.stan} RRN ${orig.rrn}` });
    if (orig.holdId) h.cfg.ledger.releaseHold(orig.holdId, ctx, '00', `void of STAN ${orig.stan}`);
  } else {
    h.cfg.ledger.note('decline', ctx, pan, amountMinor, code, { note: reason });
  }
  h.remember(t, req);
  const res = h.respond(req, code, rrn);
  if (code === '00') res.fields[38] = t.authCode;
  return { response: res, reason };
}

export function refund(h: HostState, req: IsoMessage, pan: string, amountMinor: number, forced: string | undefined): { response?: IsoMessage; reason: string } {
  const rrn = h.nextRrn();
  const ctx = h.ctx(req, rrn);
  const origRrn = str(req.fields[37]).trim();
  const f61 = str(req.fields[61]);
  let orig = origRrn ? h.txnsByRrn.get(origRrn) : undefined;
  if (!orig && /^\d{12}/.test(f61)) orig = h.txns.get(`${ctx.terminalId}|${f61.slice(0, 6)}|${f61.slice(6, 12)}`);
  let code: string;
  let reason: string;
  if (forced !== undefined) {
    code = forced;
    reason = `response code ${forced} forced by a rule`;
  } else if (amountMinor <= 0) {
    code = '13';
    reason = 'invalid amount';
  } else if (!/^\d{12,19}$/.test(pan) || !luhnValid(pan) || (!h.cfg.ledger.hasAccount(pan) && !h.cfg.unknownCardsApproved)) {
    code = '14';
    reason = 'card unknown to the issuer';
  } else if (orig && (orig.state === 'declined' || orig.state === 'reversed' || orig.state === 'voided')) {
    code = '25';
    reason = `original RRN ${orig.rrn} was not approved (or was voided/reversed)`;
  } else if (orig && orig.refundedMinor + amountMinor > orig.amountMinor) {
    code = '13';
    reason = `refund of ${amountMinor} exceeds what is left of the original (${orig.amountMinor - orig.refundedMinor})`;
  } else {
    code = '00';
    reason = orig ? `refund of RRN ${orig.rrn}` : 'refund (original not found: accepted unreferenced)';
  }
  const t: Txn = { kind: 'refund', ...pick(ctx), rrn, authCode: code === '00' ? h.authCode() : '', pan, amountMinor, responseCode: code, state: code === '00' ? 'approved' : 'declined', refundedMinor: 0 };
  if (code === '00') {
    if (orig) {
      orig.refundedMinor += amountMinor;
      t.original = orig;
    }
    h.cfg.ledger.refund(ctx, pan, amountMinor, '00', reason, orig?.stan);
  } else h.cfg.ledger.note('decline', ctx, pan, amountMinor, code, { note: reason });
  h.remember(t, req);
  const res = h.respond(req, code, rrn);
  if (code === '00') res.fields[38] = t.authCode;
  return { response: res, reason };
}

export function balanceInquiry(h: HostState, req: IsoMessage, pan: string | undefined, forced: string | undefined): { response?: IsoMessage; reason: string } {
  let code = forced;
  let reason = code ? `response code ${code} forced by a rule` : 'balance inquiry';
  if (!code) {
    const bad = pan ? cardChecks(h, req, pan) : { code: '14', reason: 'no card number' };
    code = bad?.code ?? '00';
    if (bad) reason = bad.reason;
  }
  const rrn = h.nextRrn();
  const res = h.respond(req, code, rrn);
  if (code === '00' && pan) {
    const avail = h.cfg.ledger.balanceOf(pan) ?? 0;
    const currency = str(req.fields[49]).trim() || h.cfg.currency;
    res.fields[54] = `0002${currency}${avail < 0 ? 'D' : 'C'}${String(Math.abs(avail)).padStart(12, '0')}`;
  }
  return { response: res, reason };
}

export function iccResponse(h: HostState, req: IsoMessage, res: IsoMessage, code: string): void {
  if (!Buffer.isBuffer(req.fields[55])) return;
  // Tag 8A authorisation response code (an2).
  res.fields[55] = Buffer.concat([Buffer.from([0x8a, 0x02]), Buffer.from(code.padEnd(2).slice(0, 2), 'latin1')]);
}
