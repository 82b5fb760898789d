/**
 * The issuer's brain: one decoded request in, one decision (and maybe a response) out.
 * Transport-free and synchronous, so it is unit-testable and fast; the emulator (index.ts)
 * feeds it frames and carries out what it returns (delay, silence, bad MAC, …).
 */
import type { Clock } from '../../src/util/clock';
import { luhnValid } from '../../src/util/mask';
import type { SeededRandom } from '../../src/util/random';
import type { Dialect, FieldValue, IsoMessage } from '../../src/protocols/iso8583/types';
import { Ledger, type LedgerContext, type SettlementTotals } from './ledger';
import { magicAmount, mergeActions, RuleEngine, type FiredRule, type RuleAction } from './rules';
import { decryptPinBlock, encodeWorkingKeys, type WorkingKeys } from './keys';
import { tlvMap } from '../../src/cards/tlv';

export interface ProcessorConfig {
  dialect: Dialect;
  clock: Clock;
  random: SeededRandom;
  ledger: Ledger;
  rules: RuleEngine;
  terminalIds?: readonly string[];
  merchantIds?: readonly string[];
  unknownCardsApproved: boolean;
  unknownCardBalanceMinor: number;
  verifyCryptogram?: (pan: string, tlv55: Buffer) => boolean;
  magicAmounts: boolean;
  keysFor: (terminalId: string) => WorkingKeys;
  masterKey?: Buffer;
  initialBatch: string;
  macFailureCode: string;
  currency: string;
  /** MAC helpers from the codec (injected so this file stays codec-version agnostic). */
  verifyMac: (msg: IsoMessage, key: Buffer) => boolean;
  setMac: (msg: IsoMessage, key: Buffer) => IsoMessage;
  /** field 62 carries binary (cup) or hex text (ascii87). */
  field62Binary: boolean;
}

/** What the emulator must do with one request. */
export interface Outcome {
  request: IsoMessage;
  /** The answer (already MACed when the request carried a MAC), or undefined when there is nothing to say. */
  response?: IsoMessage;
  /** `response` already packed (absent when packing failed: see packError, or for duplicates). */
  responseBody?: Buffer;
  packError?: unknown;
  /** Transport behaviour from rules and magic amounts. */
  action: RuleAction;
  fired: FiredRule[];
  /** A repeat of an earlier request: the stored answer is repeated. */
  duplicate: boolean;
  /** Short name of the transaction ("sale", "void", …) for summaries. */
  txn: string;
  /** Why the answer is what it is (evidence). */
  reason?: string;
  /** Key of the MAC to corrupt when action.badMac (the terminal's MAC key). */
  macKey?: Buffer;
}

type TxnKind = 'sale' | 'preauth' | 'offline' | 'void' | 'refund';
type TxnState = 'approved' | 'declined' | 'voided' | 'reversed' | 'settled';

interface Txn {
  kind: TxnKind;
  terminalId: string;
  merchantId: string;
  batch: string;
  stan: string;
  rrn: string;
  authCode: string;
  pan: string;
  amountMinor: number;
  responseCode: string;
  state: TxnState;
  holdId?: string;
  /** void: the sale it voided */
  original?: Txn;
  refundedMinor: number;
}

interface TerminalState {
  batch: string;
  signOns: number;
}

const ECHOED = [2, 3, 4, 7, 11, 14, 22, 23, 25, 32, 41, 42, 49, 60, 61, 70] as const;

export class IssuerProcessor {
  private txns = new Map<string, Txn>();
  private txnsByRrn = new Map<string, Txn>();
  /** Packed answers (latin1 strings: compact) by duplicate key. */
  private answered = new Map<string, string>();
  private terminals = new Map<string, TerminalState>();
  private rrnSeq = 0;

  constructor(private readonly cfg: ProcessorConfig) {}

  reset(): void {
    this.txns.clear();
    this.txnsByRrn.clear();
    this.answered.clear();
    this.terminals.clear();
    this.rrnSeq = 0;
  }

  /** The batch number the host hands a terminal at its next sign-on. */
  hostBatch(terminalId: string): string {
    return this.terminal(terminalId).batch;
  }

  handle(req: IsoMessage): Outcome {
    const f = req.fields;
    const mti = req.mti;
    const base = mti[3] === '1' ? mti.slice(0, 3) + '0' : mti;
    const proc = str(f[3]);
    const amountMinor = f[4] !== undefined && /^\d+$/.test(str(f[4])) ? Number(str(f[4])) : undefined;
    const pan = panOf(req);
    const terminalId = str(f[41]).trim();
    const stan = str(f[11]);
    const batch = batchOf(req);
    const txn = txnName(base, proc, req);

    const fired = this.cfg.rules.evaluate({ mti, processingCode: proc, amountMinor, pan, terminalId });
    const action = mergeActions(fired);
    const out: Outcome = { request: req, action, fired, duplicate: false, txn };

    // Not a request at all (a response or an advice response sent to us): nothing to answer.
    if (!/^0\d[02]\d$/.test(mti)) {
      out.reason = `MTI ${mti} is not a request`;
      return out;
    }

    // Duplicate detection: same terminal + STAN + batch (+ request MTI) → repeat the answer.
    // Network management (sign-on, echo) is answered afresh every time: it reports current state.
    const dupKey = terminalId && stan && base[1] !== '8' ? `${base}|${terminalId}|${batch}|${stan}` : undefined;
    if (dupKey) {
      const stored = this.answered.get(dupKey);
      let prior: IsoMessage | undefined;
      if (stored !== undefined) {
        try {
          prior = this.cfg.dialect.unpack(Buffer.from(stored, 'latin1'));
        } catch {
          prior = undefined;
        }
      }
      if (prior) {
        out.duplicate = true;
        // The stored answer, addressed to this request (MTI + 10 of the repeat, its TPDU swapped).
        let again: IsoMessage = { ...prior, mti: responseMti(mti) };
        if (req.tpdu) again.tpdu = swapTpdu(req.tpdu);
        if (again.mti !== prior.mti && (prior.fields[64] !== undefined || prior.fields[128] !== undefined) && terminalId) {
          try {
            again = this.cfg.setMac(again, this.cfg.keysFor(terminalId).macKey);
          } catch {
            // keep the stored MAC
          }
        }
        out.response = again;
        out.reason = 'duplicate of an answered request';
        this.cfg.ledger.note('duplicate', this.ctx(req, ''), pan ?? '', amountMinor ?? 0, str(prior.fields[39]), { note: 'repeated request: original answer repeated, no new effect' });
        out.macKey = terminalId ? this.cfg.keysFor(terminalId).macKey : undefined;
        return out;
      }
    }

    const decided = this.decide(req, base, proc, amountMinor, pan, terminalId, stan, batch, action);
    if (decided.noResponseFromMagic) action.noResponse = true;
    out.reason = decided.reason;
    let res = decided.response;
    if (res) {
      // MAC the answer when the request was MACed (and the answer carries no format error about it).
      const macField = f[128] !== undefined ? 128 : f[64] !== undefined ? 64 : 0;
      if (macField && terminalId) {
        const key = this.cfg.keysFor(terminalId).macKey;
        out.macKey = key;
        try {
          res = this.cfg.setMac(res, key);
        } catch {
          // an answer that cannot be packed is reported by the emulator when it packs it
        }
      } else if (terminalId) {
        out.macKey = this.cfg.keysFor(terminalId).macKey;
      }
      try {
        out.responseBody = this.cfg.dialect.pack(res);
        // Answers to requests the host could not read or trust (30, MAC error, unknown acceptor) are not
        // remembered: a corrected retry with the same STAN is judged afresh.
        if (dupKey && !decided.uncached) this.answered.set(dupKey, out.responseBody.toString('latin1'));
      } catch (err) {
        out.packError = err;
      }
    }
    out.response = res;
    return out;
  }

  // ---- decisions ------------------------------------------------------------------

  private decide(
    req: IsoMessage,
    base: string,
    proc: string,
    amountMinor: number | undefined,
    pan: string | undefined,
    terminalId: string,
    stan: string,
    batch: string,
    action: RuleAction,
  ): { response?: IsoMessage; reason: string; noResponseFromMagic?: boolean; uncached?: boolean } {
    const f = req.fields;
    const forced = action.responseCode;
    const cls = base.slice(0, 2);

    // Network management: sign-on, echo, sign-off.
    if (cls === '08') return this.networkManagement(req, base, terminalId, forced);

    // Format: every other request needs a terminal, a STAN and a processing code where one applies.
    const missing: number[] = [];
    if (!terminalId) missing.push(41);
    if (!/^\d{6}$/.test(stan)) missing.push(11);
    const financial = cls === '01' || cls === '02' || cls === '04';
    if (financial) {
      if (!/^\d{6}$/.test(proc)) missing.push(3);
      if (amountMinor === undefined && !proc.startsWith('31')) missing.push(4);
      if (!pan && !proc.startsWith('31') && base !== '0400') missing.push(2);
    }
    if (missing.length) {
      const res = this.respond(req, '30');
      this.declineNote(req, pan, amountMinor, '30', `format error: missing or invalid field(s) ${missing.join(', ')}`);
      return { response: res, reason: `format error: field(s) ${missing.join(', ')}`, uncached: true };
    }

    // MAC.
    const macField = f[128] !== undefined ? 128 : f[64] !== undefined ? 64 : 0;
    if (macField) {
      let ok = false;
      try {
        ok = this.cfg.verifyMac(req, this.cfg.keysFor(terminalId).macKey);
      } catch {
        ok = false;
      }
      if (!ok) {
        const code = this.cfg.macFailureCode;
        this.declineNote(req, pan, amountMinor, code, 'MAC verification failed');
        return { response: this.respond(req, code), reason: 'MAC verification failed', uncached: true };
      }
    }

    // Acceptor checks.
    if (this.cfg.terminalIds && !this.cfg.terminalIds.includes(terminalId)) {
      this.declineNote(req, pan, amountMinor, '97', `unknown terminal ${terminalId}`);
      return { response: this.respond(req, '97'), reason: `unknown terminal ${terminalId}`, uncached: true };
    }
    const merchantId = str(f[42]).trim();
    if (this.cfg.merchantIds && !this.cfg.merchantIds.includes(merchantId)) {
      this.declineNote(req, pan, amountMinor, '03', `unknown merchant ${merchantId}`);
      return { response: this.respond(req, '03'), reason: `unknown merchant ${merchantId}`, uncached: true };
    }

    switch (base) {
      case '0100':
      case '0200':
        if (proc.startsWith('20')) return this.voidSale(req, pan!, amountMinor!, forced);
        if (proc.startsWith('31')) return this.balanceInquiry(req, pan, forced);
        return this.purchase(req, base === '0100' ? 'preauth' : 'sale', pan!, amountMinor!, forced);
      case '0220':
        if (proc.startsWith('20')) return this.refund(req, pan!, amountMinor!, forced);
        return this.offlineAdvice(req, pan!, amountMinor!, forced);
      case '0400':
        return this.reversal(req, pan, amountMinor ?? 0, terminalId, stan, batch, forced);
      case '0500':
        return this.settlement(req, terminalId, batch, forced);
      case '0320':
        return this.batchUpload(req, pan, amountMinor, terminalId, batch, forced);
      default: {
        this.declineNote(req, pan, amountMinor, '12', `unsupported MTI ${req.mti}`);
        return { response: this.respond(req, forced ?? '12'), reason: `unsupported MTI ${req.mti}` };
      }
    }
  }

  private networkManagement(req: IsoMessage, base: string, terminalId: string, forced: string | undefined): { response?: IsoMessage; reason: string } {
    const f60 = str(req.fields[60]);
    // Network management code: CUP 60.3, else ISO field 70 (001 sign-on, 002 sign-off, 301 echo).
    const f70 = str(req.fields[70]);
    const nmc = /^\d{11}/.test(f60) ? f60.slice(8, 11) : f70;
    if (base === '0820' || nmc === '301' || f70 === '301') {
      return { response: this.respond(req, forced ?? '00'), reason: 'echo test' };
    }
    if (!terminalId) return { response: this.respond(req, '30'), reason: 'format error: sign-on without field 41' };
    if (this.cfg.terminalIds && !this.cfg.terminalIds.includes(terminalId)) {
      return { response: this.respond(req, '97'), reason: `unknown terminal ${terminalId}` };
    }
    if (nmc === '002' || f70 === '002') return { response: this.respond(req, forced ?? '00'), reason: 'sign-off' };
    const t = this.terminal(terminalId);
    t.signOns++;
    const code = forced ?? '00';
    const res = this.respond(req, code);
    res.fields[60] = (f60.slice(0, 2) || '00') + t.batch + (nmc || '003');
    if (code === '00') {
      const keys = encodeWorkingKeys(this.cfg.keysFor(terminalId), this.cfg.masterKey);
      res.fields[62] = this.cfg.field62Binary ? keys : keys.toString('hex').toUpperCase();
    }
    return { response: res, reason: `sign-on: batch ${t.batch}, working keys issued` };
  }

  /** Card checks shared by purchases and balance inquiries. Returns a decline code or undefined. */
  private cardChecks(req: IsoMessage, pan: string): { code: string; reason: string } | undefined {
    if (!/^\d{12,19}$/.test(pan) || !luhnValid(pan)) return { code: '14', reason: 'invalid card number (Luhn)' };
    const acct = this.cfg.ledger.lookup(pan);
    if (!acct) {
      if (!this.cfg.unknownCardsApproved) return { code: '14', reason: 'card unknown to the issuer' };
      this.cfg.ledger.setBalance(pan, this.cfg.unknownCardBalanceMinor, this.ctx(req, ''));
    }
    const expiry = expiryOf(req) ?? acct?.expiry;
    if (expiry && isExpired(expiry, this.cfg.clock.date())) return { code: '54', reason: `card expired ${expiry}` };
    if (acct?.expiry && isExpired(acct.expiry, this.cfg.clock.date())) return { code: '54', reason: `card expired ${acct.expiry}` };
    const pinBlock = req.fields[52];
    if (Buffer.isBuffer(pinBlock) && acct?.pin !== undefined) {
      const terminalId = str(req.fields[41]).trim();
      const pin = decryptPinBlock(this.cfg.keysFor(terminalId).pinKey, pinBlock, pan);
      if (pin !== acct.pin) return { code: '55', reason: 'incorrect PIN' };
    }
    const icc = req.fields[55];
    if (Buffer.isBuffer(icc)) {
      // The cryptogram covers 9F02 (Amount, Authorised), not field 4: an ARQC for another amount
      // would verify. The card authorised only what 9F02 says.
      const mismatch = iccAmountMismatch(icc, str(req.fields[4]));
      if (mismatch) return { code: '05', reason: mismatch };
      if (this.cfg.verifyCryptogram && !this.cfg.verifyCryptogram(pan, icc)) return { code: '05', reason: 'ARQC verification failed' };
    }
    return undefined;
  }

  private purchase(req: IsoMessage, kind: TxnKind, pan: string, amountMinor: number, forced: string | undefined): { response?: IsoMessage; reason: string; noResponseFromMagic?: boolean } {
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
      const bad = this.cardChecks(req, pan);
      const magic = this.cfg.magicAmounts ? magicAmount(amountMinor) : undefined;
      if (bad) {
        code = bad.code;
        reason = bad.reason;
      } else if (magic?.responseCode) {
        code = magic.responseCode;
        reason = `magic amount …${String(amountMinor % 100).padStart(2, '0')}: ${magic.meaning}`;
      } else if ((this.cfg.ledger.balanceOf(pan) ?? 0) < amountMinor) {
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
    const rrn = this.nextRrn();
    const ctx = this.ctx(req, rrn);
    const t: Txn = {
      kind,
      terminalId: ctx.terminalId,
      merchantId: ctx.merchantId,
      batch: ctx.batch,
      stan: ctx.stan,
      rrn,
      authCode: code === '00' ? this.authCode() : '',
      pan,
      amountMinor,
      responseCode: code,
      state: code === '00' ? 'approved' : 'declined',
      refundedMinor: 0,
    };
    if (code === '00') t.holdId = this.cfg.ledger.placeHold(ctx, pan, amountMinor, '00', kind === 'sale' ? undefined : kind);
    else this.cfg.ledger.note('decline', ctx, pan, amountMinor, code, { note: reason });
    this.remember(t);
    const res = this.respond(req, code, rrn);
    if (code === '00') res.fields[38] = t.authCode;
    this.iccResponse(req, res, code);
    return { response: res, reason, noResponseFromMagic };
  }

  private offlineAdvice(req: IsoMessage, pan: string, amountMinor: number, forced: string | undefined): { response?: IsoMessage; reason: string } {
    const rrn = this.nextRrn();
    const ctx = this.ctx(req, rrn);
    const code = forced ?? '00';
    const t: Txn = { kind: 'offline', ...pick(ctx), rrn, authCode: str(req.fields[38]).trim(), pan, amountMinor, responseCode: code, state: code === '00' ? 'approved' : 'declined', refundedMinor: 0 };
    if (code === '00') t.holdId = this.cfg.ledger.placeHold(ctx, pan, amountMinor, '00', 'offline sale advice');
    else this.cfg.ledger.note('decline', ctx, pan, amountMinor, code, { note: 'offline advice declined by a rule' });
    this.remember(t);
    return { response: this.respond(req, code, rrn), reason: 'offline sale advice' };
  }

  private voidSale(req: IsoMessage, pan: string, amountMinor: number, forced: string | undefined): { response?: IsoMessage; reason: string } {
    const f61 = str(req.fields[61]);
    const origBatch = f61.slice(0, 6);
    const origStan = f61.slice(6, 12);
    const rrn = this.nextRrn();
    const ctx = this.ctx(req, rrn);
    const orig = /^\d{12}/.test(f61) ? this.txns.get(`${ctx.terminalId}|${origBatch}|${origStan}`) : undefined;
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
    } else if (orig.pan !== pan) {
      code = '25';
      reason = 'card differs from the original';
    } else {
      code = '00';
      reason = `void of ${origBatch}/${origStan}`;
    }
    const t: Txn = { kind: 'void', ...pick(ctx), rrn, authCode: code === '00' ? this.authCode() : '', pan, amountMinor, responseCode: code, state: code === '00' ? 'approved' : 'declined', refundedMinor: 0 };
    if (code === '00' && orig) {
      t.original = orig;
      orig.state = 'voided';
      this.cfg.ledger.note('void', ctx, pan, amountMinor, '00', { originalStan: orig.stan, note: `voids STAN ${orig.stan} RRN ${orig.rrn}` });
      if (orig.holdId) this.cfg.ledger.releaseHold(orig.holdId, ctx, '00', `void of STAN ${orig.stan}`);
    } else {
      this.cfg.ledger.note('decline', ctx, pan, amountMinor, code, { note: reason });
    }
    this.remember(t);
    const res = this.respond(req, code, rrn);
    if (code === '00') res.fields[38] = t.authCode;
    return { response: res, reason };
  }

  private refund(req: IsoMessage, pan: string, amountMinor: number, forced: string | undefined): { response?: IsoMessage; reason: string } {
    const rrn = this.nextRrn();
    const ctx = this.ctx(req, rrn);
    const origRrn = str(req.fields[37]).trim();
    const f61 = str(req.fields[61]);
    let orig = origRrn ? this.txnsByRrn.get(origRrn) : undefined;
    if (!orig && /^\d{12}/.test(f61)) orig = this.txns.get(`${ctx.terminalId}|${f61.slice(0, 6)}|${f61.slice(6, 12)}`);
    let code: string;
    let reason: string;
    if (forced !== undefined) {
      code = forced;
      reason = `response code ${forced} forced by a rule`;
    } else if (amountMinor <= 0) {
      code = '13';
      reason = 'invalid amount';
    } else if (!/^\d{12,19}$/.test(pan) || !luhnValid(pan) || (!this.cfg.ledger.hasAccount(pan) && !this.cfg.unknownCardsApproved)) {
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
    const t: Txn = { kind: 'refund', ...pick(ctx), rrn, authCode: code === '00' ? this.authCode() : '', pan, amountMinor, responseCode: code, state: code === '00' ? 'approved' : 'declined', refundedMinor: 0 };
    if (code === '00') {
      if (orig) {
        orig.refundedMinor += amountMinor;
        t.original = orig;
      }
      this.cfg.ledger.refund(ctx, pan, amountMinor, '00', reason, orig?.stan);
    } else this.cfg.ledger.note('decline', ctx, pan, amountMinor, code, { note: reason });
    this.remember(t);
    const res = this.respond(req, code, rrn);
    if (code === '00') res.fields[38] = t.authCode;
    return { response: res, reason };
  }

  private balanceInquiry(req: IsoMessage, pan: string | undefined, forced: string | undefined): { response?: IsoMessage; reason: string } {
    let code = forced;
    let reason = code ? `response code ${code} forced by a rule` : 'balance inquiry';
    if (!code) {
      const bad = pan ? this.cardChecks(req, pan) : { code: '14', reason: 'no card number' };
      code = bad?.code ?? '00';
      if (bad) reason = bad.reason;
    }
    const rrn = this.nextRrn();
    const res = this.respond(req, code, rrn);
    if (code === '00' && pan) {
      const avail = this.cfg.ledger.balanceOf(pan) ?? 0;
      const currency = str(req.fields[49]).trim() || this.cfg.currency;
      res.fields[54] = `0002${currency}${avail < 0 ? 'D' : 'C'}${String(Math.abs(avail)).padStart(12, '0')}`;
    }
    return { response: res, reason };
  }

  private reversal(req: IsoMessage, pan: string | undefined, amountMinor: number, terminalId: string, stan: string, batch: string, forced: string | undefined): { response?: IsoMessage; reason: string } {
    const orig = this.findOriginal(terminalId, batch, stan);
    const ctx = this.ctx(req, orig?.rrn ?? '');
    const cardPan = orig?.pan ?? pan ?? '';
    const amount = orig?.amountMinor ?? amountMinor;
    if (forced !== undefined && forced !== '00') {
      this.cfg.ledger.note('decline', ctx, cardPan, amount, forced, { note: 'reversal refused by a rule' });
      return { response: this.respond(req, forced, ctx.rrn || undefined), reason: `reversal refused: code ${forced} forced by a rule` };
    }
    const reasonCode = str(req.fields[39]);
    const why = reasonCode ? ` (terminal reason ${reasonCode})` : '';
    let code = '00';
    let reason: string;
    if (!orig) {
      reason = 'reversal of a request the host never saw: nothing to undo';
      this.cfg.ledger.note('reversal', ctx, cardPan, amount, '00', { note: `original not found${why}` });
    } else if (orig.state === 'reversed') {
      reason = 'already reversed: nothing changes';
      this.cfg.ledger.note('duplicate', ctx, cardPan, amount, '00', { note: 'repeated reversal: no new effect' });
    } else if (orig.state === 'settled') {
      code = '12';
      reason = 'original already settled: cannot reverse';
      this.cfg.ledger.note('decline', ctx, cardPan, amount, '12', { note: reason });
    } else if (orig.state === 'declined') {
      reason = 'original was declined: nothing to undo';
      orig.state = 'reversed';
      this.cfg.ledger.note('reversal', ctx, cardPan, amount, '00', { originalStan: orig.stan, note: `original declined ${orig.responseCode}${why}` });
    } else {
      reason = `reversal of ${orig.kind} STAN ${orig.stan}`;
      this.cfg.ledger.note('reversal', ctx, cardPan, amount, '00', { originalStan: orig.stan, note: `${orig.kind} reversed${why}` });
      this.undo(orig, ctx);
    }
    return { response: this.respond(req, code, ctx.rrn || undefined), reason };
  }

  private undo(orig: Txn, ctx: LedgerContext): void {
    const ledger = this.cfg.ledger;
    if (orig.kind === 'void') {
      // The void never happened: the sale's hold comes back.
      const sale = orig.original;
      if (sale && sale.state === 'voided') {
        sale.state = 'approved';
        sale.holdId = ledger.placeHold(ctx, sale.pan, sale.amountMinor, '00', `void (STAN ${orig.stan}) reversed: hold of STAN ${sale.stan} restored`, sale.stan);
      }
    } else if (orig.kind === 'refund') {
      ledger.unrefund(ctx, orig.pan, orig.amountMinor, orig.merchantId);
      if (orig.original) orig.original.refundedMinor -= orig.amountMinor;
    } else if (orig.holdId) {
      ledger.releaseHold(orig.holdId, ctx, '00', `reversal of STAN ${orig.stan}`);
    }
    orig.state = 'reversed';
  }

  private settlement(req: IsoMessage, terminalId: string, batch: string, forced: string | undefined): { response?: IsoMessage; reason: string } {
    const f48 = str(req.fields[48]);
    const rrn = this.nextRrn();
    const ctx = this.ctx(req, rrn);
    if (!/^\d{30}/.test(f48)) {
      const res = this.respond(req, '30', rrn);
      return { response: res, reason: 'format error: field 48 must start with 30 digits of totals' };
    }
    const terminalTotals: SettlementTotals = {
      debitMinor: Number(f48.slice(0, 12)),
      debitCount: Number(f48.slice(12, 15)),
      creditMinor: Number(f48.slice(15, 27)),
      creditCount: Number(f48.slice(27, 30)),
    };
    const host: SettlementTotals = { debitMinor: 0, debitCount: 0, creditMinor: 0, creditCount: 0 };
    const batchTxns: Txn[] = [];
    for (const t of this.txns.values()) {
      if (t.terminalId !== terminalId || t.batch !== batch || t.state !== 'approved') continue;
      batchTxns.push(t);
      if (t.kind === 'refund') {
        host.creditMinor += t.amountMinor;
        host.creditCount++;
      } else if (t.kind !== 'void') {
        host.debitMinor += t.amountMinor;
        host.debitCount++;
      }
    }
    const balanced =
      host.debitMinor === terminalTotals.debitMinor && host.debitCount === terminalTotals.debitCount && host.creditMinor === terminalTotals.creditMinor && host.creditCount === terminalTotals.creditCount;
    const code = forced ?? '00';
    if (code === '00') {
      this.cfg.ledger.settleBatch(ctx, terminalId, batch, host.creditMinor);
      for (const t of batchTxns) t.state = 'settled';
      // Voided sales are done too.
      for (const t of this.txns.values()) if (t.terminalId === terminalId && t.batch === batch && t.state === 'voided') t.state = 'settled';
      this.terminal(terminalId).batch = nextBatch(batch);
    }
    this.cfg.ledger.note('settlement', ctx, '', host.debitMinor - host.creditMinor, code, {
      balanced,
      hostTotals: host,
      terminalTotals,
      note: balanced ? 'balanced' : 'unbalanced',
    });
    const res = this.respond(req, code, rrn);
    const flag = balanced ? '1' : '2';
    res.fields[48] = f48.slice(0, 30) + flag + (f48.length >= 61 ? f48.slice(31, 61) + flag : '');
    res.fields[15] = mmdd(this.cfg.clock.date());
    return { response: res, reason: balanced ? 'settlement balanced' : `settlement unbalanced (host ${fmtTotals(host)}, terminal ${fmtTotals(terminalTotals)})` };
  }

  private batchUpload(req: IsoMessage, pan: string | undefined, amountMinor: number | undefined, terminalId: string, batch: string, forced: string | undefined): { response?: IsoMessage; reason: string } {
    const nmc = str(req.fields[60]).slice(8, 11);
    const ctx = this.ctx(req, '');
    let note: string;
    let itemPan = pan ?? '';
    let itemAmount = amountMinor ?? 0;
    const f48 = str(req.fields[48]);
    if (nmc === '202' || nmc === '207') note = 'batch upload end';
    else {
      // An item is STAN (6) + amount (12) in field 48, else fields 11 / 4.
      const m = /^(\d{6})(\d{12})/.exec(f48);
      const stan = m ? m[1]! : str(req.fields[11]);
      if (m) itemAmount = Number(m[2]);
      const t = this.findOriginal(terminalId, batch, stan);
      if (t && !itemPan) itemPan = t.pan;
      note = `item STAN ${stan}: ` + (!t ? 'unknown to the host' : t.amountMinor !== itemAmount ? `amount differs from the host's ${t.amountMinor}` : `matches host ${t.kind} (${t.state})`);
    }
    this.cfg.ledger.note('batch-upload', ctx, itemPan, itemAmount, forced ?? '00', { note });
    return { response: this.respond(req, forced ?? '00'), reason: `batch upload: ${note}` };
  }

  // ---- helpers --------------------------------------------------------------------

  private findOriginal(terminalId: string, batch: string, stan: string): Txn | undefined {
    const exact = this.txns.get(`${terminalId}|${batch}|${stan}`);
    if (exact) return exact;
    let found: Txn | undefined;
    for (const t of this.txns.values()) if (t.terminalId === terminalId && t.stan === stan && t.state !== 'settled') found = t;
    return found;
  }

  private remember(t: Txn): void {
    this.txns.set(`${t.terminalId}|${t.batch}|${t.stan}`, t);
    this.txnsByRrn.set(t.rrn, t);
  }

  private declineNote(req: IsoMessage, pan: string | undefined, amountMinor: number | undefined, code: string, note: string): void {
    const cls = req.mti.slice(0, 2);
    if (cls !== '01' && cls !== '02' && cls !== '04') return;
    this.cfg.ledger.note('decline', this.ctx(req, ''), pan ?? '', amountMinor ?? 0, code, { note });
  }

  private terminal(id: string): TerminalState {
    let t = this.terminals.get(id);
    if (!t) {
      t = { batch: this.cfg.initialBatch, signOns: 0 };
      this.terminals.set(id, t);
    }
    return t;
  }

  private ctx(req: IsoMessage, rrn: string): LedgerContext {
    const f = req.fields;
    return {
      terminalId: str(f[41]).trim(),
      merchantId: str(f[42]).trim(),
      stan: str(f[11]),
      batch: batchOf(req),
      rrn,
      mti: req.mti,
      processingCode: str(f[3]),
    };
  }

  /** RRN (an12): last digit of the year, day of year (3), hour (2), sequence (6). */
  private nextRrn(): string {
    const d = this.cfg.clock.date();
    const start = Date.UTC(d.getUTCFullYear(), 0, 0);
    const doy = Math.floor((d.getTime() - start) / 86_400_000);
    this.rrnSeq = (this.rrnSeq % 999_999) + 1;
    return String(d.getUTCFullYear() % 10) + String(doy).padStart(3, '0') + String(d.getUTCHours()).padStart(2, '0') + String(this.rrnSeq).padStart(6, '0');
  }

  private authCode(): string {
    return String(this.cfg.random.int(0, 999_999)).padStart(6, '0');
  }

  /** Response MTI = request + 10, TPDU destination/source swapped, header echoed, key fields echoed. */
  respond(req: IsoMessage, code: string, rrn?: string): IsoMessage {
    return buildResponse(req, code, this.cfg.clock.date(), rrn);
  }

  private iccResponse(req: IsoMessage, res: IsoMessage, code: string): void {
    if (!Buffer.isBuffer(req.fields[55])) return;
    // Tag 8A authorisation response code (an2).
    res.fields[55] = Buffer.concat([Buffer.from([0x8a, 0x02]), Buffer.from(code.padEnd(2).slice(0, 2), 'latin1')]);
  }
}

/** Build a response to `req`: MTI + 10, swapped TPDU, echoed fields, 12/13 from `now`, 39 = code. */
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

export function responseMti(mti: string): string {
  return String(Number(mti) + 10).padStart(4, '0');
}

/** 60 DDDD SSSS → 60 SSSS DDDD */
export function swapTpdu(tpdu: Buffer): Buffer {
  if (tpdu.length !== 5) return Buffer.from(tpdu);
  return Buffer.from([tpdu[0]!, tpdu[3]!, tpdu[4]!, tpdu[1]!, tpdu[2]!]);
}

function str(v: FieldValue | undefined): string {
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
function iccAmountMismatch(icc: Buffer, field4: string): string | undefined {
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

/** YYMM from field 14, else from track 2. */
function expiryOf(req: IsoMessage): string | undefined {
  const f14 = req.fields[14];
  if (typeof f14 === 'string' && /^\d{4}$/.test(f14)) return f14;
  const t2 = req.fields[35];
  if (typeof t2 === 'string') {
    const m = /^\d{12,19}[D=](\d{4})/i.exec(t2);
    if (m) return m[1];
  }
  return undefined;
}

function isExpired(yymm: string, now: Date): boolean {
  const yy = Number(yymm.slice(0, 2));
  const mm = Number(yymm.slice(2, 4));
  if (!(mm >= 1 && mm <= 12)) return true;
  const year = 2000 + yy;
  const nowY = now.getUTCFullYear();
  const nowM = now.getUTCMonth() + 1;
  return year < nowY || (year === nowY && mm < nowM);
}

/** Batch number: 60.2 (digits 3–8 of field 60), '' when absent. */
function batchOf(req: IsoMessage): string {
  const f60 = str(req.fields[60]);
  return /^\d{8}/.test(f60) ? f60.slice(2, 8) : '';
}

function nextBatch(batch: string): string {
  const n = Number(batch || '0');
  return String(n >= 999_999 ? 1 : n + 1).padStart(6, '0');
}

/** "sale", "void", "sign-on" … for a request. */
export function txnLabel(req: IsoMessage): string {
  const base = req.mti[3] === '1' ? req.mti.slice(0, 3) + '0' : req.mti;
  return txnName(base, str(req.fields[3]), req);
}

function txnName(base: string, proc: string, req: IsoMessage): string {
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

function pick(ctx: LedgerContext): { terminalId: string; merchantId: string; batch: string; stan: string } {
  return { terminalId: ctx.terminalId, merchantId: ctx.merchantId, batch: ctx.batch, stan: ctx.stan };
}

function hhmmss(d: Date): string {
  return [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((x) => String(x).padStart(2, '0')).join('');
}

function mmdd(d: Date): string {
  return String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0');
}

function fmtTotals(t: SettlementTotals): string {
  return `debit ${t.debitCount}/${t.debitMinor}, credit ${t.creditCount}/${t.creditMinor}`;
}

