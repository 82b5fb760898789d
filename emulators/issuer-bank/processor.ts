/**
 * The issuer's brain: one decoded request in, one decision (and maybe a response) out.
 * Transport-free and synchronous, so it is unit-testable and fast; the emulator
 * (issuer-bank.ts) feeds it frames and carries out what it returns (delay, silence, bad MAC, …).
 * Here: duplicates, format, MAC and acceptor checks, network management, and the dispatch
 * to the decisions in financial.ts and closing.ts.
 */
import type { IsoMessage } from '../../src/protocols/iso8583/types';
import { mergeActions, type FiredRule, type RuleAction } from './rules';
import { encodeWorkingKeys } from './keys';
import { HostState, type ProcessorConfig } from './host-state';
import { balanceInquiry, offlineAdvice, purchase, refund, voidSale } from './financial';
import { batchUpload, reversal, settlement } from './closing';
import { batchOf, panOf, responseMti, str, swapTpdu, txnName } from './request-fields';
import { originalMti } from '../../src/protocols/iso8583/head';

export type { ProcessorConfig } from './host-state';
export { buildResponse, panOf, responseMti, swapTpdu, txnLabel } from './request-fields';

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

export class IssuerProcessor {
  private readonly host: HostState;
  /** Packed answers (latin1 strings: compact) by duplicate key. */
  private answered = new Map<string, string>();

  constructor(private readonly cfg: ProcessorConfig) {
    this.host = new HostState(cfg);
  }

  reset(): void {
    this.host.reset();
    this.answered.clear();
  }

  /** The batch number the host hands a terminal at its next sign-on. */
  hostBatch(terminalId: string): string {
    return this.host.terminal(terminalId).batch;
  }

  setHostBatch(terminalId: string, batch: string): void {
    this.host.terminal(terminalId).batch = batch;
  }

  handle(req: IsoMessage): Outcome {
    const f = req.fields;
    const mti = req.mti;
    const base = originalMti(mti);
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

    // Addressed to another host (TPDU destination ≠ this host's NII): the switch routes it
    // elsewhere, so nothing is processed and nothing answers.
    const nii = this.cfg.nii;
    if (nii && req.tpdu?.length === 5 && req.tpdu.subarray(1, 3).toString('hex') !== `0${nii}`) {
      out.reason = `TPDU destination ${req.tpdu.subarray(1, 3).toString('hex')} is not this host's NII ${nii}: not routed here, not answered`;
      return out;
    }

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
        this.cfg.ledger.note('duplicate', this.host.ctx(req, ''), pan ?? '', amountMinor ?? 0, str(prior.fields[39]), { note: 'repeated request: original answer repeated, no new effect' });
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
      const res = this.host.respond(req, '30');
      this.host.declineNote(req, pan, amountMinor, '30', `format error: missing or invalid field(s) ${missing.join(', ')}`);
      return { response: res, reason: `format error: field(s) ${missing.join(', ')}`, uncached: true };
    }

    // Acceptor checks, before the MAC: a host finds the key to check by the terminal it knows.
    if (this.cfg.terminalIds && !this.cfg.terminalIds.includes(terminalId)) {
      this.host.declineNote(req, pan, amountMinor, '97', `unknown terminal ${terminalId}`);
      return { response: this.host.respond(req, '97'), reason: `unknown terminal ${terminalId}`, uncached: true };
    }
    const merchantId = str(f[42]).trim();
    if (this.cfg.merchantIds && !this.cfg.merchantIds.includes(merchantId)) {
      this.host.declineNote(req, pan, amountMinor, '03', `unknown merchant ${merchantId}`);
      return { response: this.host.respond(req, '03'), reason: `unknown merchant ${merchantId}`, uncached: true };
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
        this.host.declineNote(req, pan, amountMinor, code, 'MAC verification failed');
        return { response: this.host.respond(req, code), reason: 'MAC verification failed', uncached: true };
      }
    }

    switch (base) {
      case '0100':
      case '0200':
        if (proc.startsWith('20')) return voidSale(this.host, req, pan!, amountMinor!, forced);
        if (proc.startsWith('31')) return balanceInquiry(this.host, req, pan, forced);
        return purchase(this.host, req, base === '0100' ? 'preauth' : 'sale', pan!, amountMinor!, forced);
      case '0220':
        if (proc.startsWith('20')) return refund(this.host, req, pan!, amountMinor!, forced);
        return offlineAdvice(this.host, req, pan!, amountMinor!, forced);
      case '0400':
        return reversal(this.host, req, pan, amountMinor ?? 0, terminalId, stan, batch, forced);
      case '0500':
        return settlement(this.host, req, terminalId, batch, forced);
      case '0320':
        return batchUpload(this.host, req, pan, amountMinor, terminalId, batch, forced);
      default: {
        this.host.declineNote(req, pan, amountMinor, '12', `unsupported MTI ${req.mti}`);
        return { response: this.host.respond(req, forced ?? '12'), reason: `unsupported MTI ${req.mti}` };
      }
    }
  }

  private networkManagement(req: IsoMessage, base: string, terminalId: string, forced: string | undefined): { response?: IsoMessage; reason: string } {
    const f60 = str(req.fields[60]);
    // Network management code: CUP 60.3, else ISO field 70 (001 sign-on, 002 sign-off, 301 echo).
    const f70 = str(req.fields[70]);
    const nmc = /^\d{11}/.test(f60) ? f60.slice(8, 11) : f70;
    if (base === '0820' || nmc === '301' || f70 === '301') {
      return { response: this.host.respond(req, forced ?? '00'), reason: 'echo test' };
    }
    if (!terminalId) return { response: this.host.respond(req, '30'), reason: 'format error: sign-on without field 41' };
    if (this.cfg.terminalIds && !this.cfg.terminalIds.includes(terminalId)) {
      return { response: this.host.respond(req, '97'), reason: `unknown terminal ${terminalId}` };
    }
    if (nmc === '002' || f70 === '002') return { response: this.host.respond(req, forced ?? '00'), reason: 'sign-off' };
    const t = this.host.terminal(terminalId);
    t.signOns++;
    const code = forced ?? '00';
    const res = this.host.respond(req, code);
    res.fields[60] = (f60.slice(0, 2) || '00') + t.batch + (nmc || '003');
    if (code === '00') {
      const keys = encodeWorkingKeys(this.cfg.keysFor(terminalId), this.cfg.masterKey);
      res.fields[62] = this.cfg.field62Binary ? keys : keys.toString('hex').toUpperCase();
    }
    return { response: res, reason: `sign-on: batch ${t.batch}, working keys issued` };
  }

}
