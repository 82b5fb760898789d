/**
 * What reached the host after a moment of the scenario, read off the evidence timeline: the
 * ISO 8583 messages the emulated issuer recorded, or those a tapped real host exchanged as
 * the network proxy saw them (wire-ledger.ts). The operator driver (operator-driver.ts)
 * builds a terminal's results from them, since it cannot ask the terminal.
 */
import type { EvidenceEvent } from '../evidence/types';
import { batchOf } from '../../emulators/issuer-bank/request-fields';

/** One host message: `in` is what the host received, `out` what it answered. */
export interface WireMessage {
  seq: number;
  direction: 'in' | 'out';
  mti: string;
  /** Fields as recorded (PAN masked), trimmed strings. */
  fields: Record<string, string>;
}

export function wireMessages(events: readonly EvidenceEvent[], afterSeq = 0): WireMessage[] {
  const out: WireMessage[] = [];
  for (const e of events) {
    if (e.seq <= afterSeq || (e.source !== 'issuer' && e.source !== 'network') || (e.kind !== 'iso8583.in' && e.kind !== 'iso8583.out')) continue;
    const d = (e.data ?? {}) as { mti?: unknown; fields?: Record<string, unknown> };
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(d.fields ?? {})) if (typeof v === 'string') fields[k] = v.trim();
    out.push({ seq: e.seq, direction: e.kind === 'iso8583.in' ? 'in' : 'out', mti: String(d.mti ?? ''), fields });
  }
  return out;
}

/** The answer MTI of a request ("0200" → "0210", "0401" → "0410"). */
export function answerMti(request: string): string {
  const base = request.slice(0, 3) + '0';
  return String(Number(base) + 10).padStart(4, '0');
}

/** One request and what followed it on the wire: its answer, and a reversal of it (0400/0401 with its STAN). */
export interface Exchange {
  request: WireMessage;
  stan: string;
  answer?: WireMessage;
  reversal?: WireMessage;
  reversalAnswer?: WireMessage;
}

/** The first request among `mtis` after the moment (balance inquiries left out), with what followed it. */
export function firstExchange(messages: readonly WireMessage[], mtis: readonly string[]): Exchange | undefined {
  const request = messages.find((m) => m.direction === 'in' && mtis.includes(m.mti) && !(m.fields['3'] ?? '').startsWith('31'));
  if (!request) return undefined;
  const stan = request.fields['11'] ?? '';
  const after = messages.filter((m) => m.seq > request.seq && (m.fields['11'] ?? '') === stan);
  const answer = after.find((m) => m.direction === 'out' && m.mti === answerMti(request.mti));
  const reversal = after.find((m) => m.direction === 'in' && /^040[01]$/.test(m.mti));
  const reversalAnswer = reversal && after.find((m) => m.direction === 'out' && m.mti === '0410' && m.seq > reversal.seq);
  return { request, stan, ...(answer ? { answer } : {}), ...(reversal ? { reversal } : {}), ...(reversalAnswer ? { reversalAnswer } : {}) };
}

/** The batch number a message carries in field 60, '' without one (as the issuer reads it). */
export function batchOfMessage(m: WireMessage): string {
  return batchOf({ mti: m.mti, fields: { 60: m.fields['60'] ?? '' } });
}
