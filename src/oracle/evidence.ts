/**
 * Evidence links: where a desync can be seen — the host messages on the timeline (event
 * numbers), the slips on paper and the journal lines (1-based) — and the host messages
 * read off an evidence timeline (the issuer emulator's `iso8583.in` / `iso8583.out`).
 */
import type { EvidenceEvent } from '../evidence/types';
import type { DesyncEvidence, HostMessage, JournalRecord } from './types';

export function hostMessagesFrom(events: readonly EvidenceEvent[]): HostMessage[] {
  const out: HostMessage[] = [];
  for (const e of events) {
    if (e.source !== 'issuer' || (e.kind !== 'iso8583.in' && e.kind !== 'iso8583.out')) continue;
    const d = (e.data ?? {}) as { mti?: unknown; fields?: Record<string, unknown> };
    const f = d.fields ?? {};
    const text = (k: string) => (typeof f[k] === 'string' ? (f[k] as string).trim() : undefined);
    const m: HostMessage = { seq: e.seq, direction: e.kind === 'iso8583.in' ? 'in' : 'out', mti: String(d.mti ?? ''), terminalId: text('41') ?? '', stan: text('11') ?? '' };
    const rc = text('39');
    const auth = text('38');
    const rrn = text('37');
    if (rc !== undefined) m.responseCode = rc;
    if (auth !== undefined) m.authCode = auth;
    if (rrn !== undefined) m.rrn = rrn;
    out.push(m);
  }
  return out;
}

/** Finds the evidence of one transaction (terminal + STAN; batch for the journal). */
export class EvidenceIndex {
  constructor(
    private readonly messages: readonly HostMessage[],
    private readonly journal: readonly JournalRecord[],
    private readonly terminalId: string | undefined,
  ) {}

  messagesOf(stan: string): number[] {
    return this.messages.filter((m) => m.stan === stan && (!this.terminalId || !m.terminalId || m.terminalId === this.terminalId)).map((m) => m.seq);
  }

  journalLinesOf(stan: string, batch?: string): number[] {
    const out: number[] = [];
    this.journal.forEach((j, i) => {
      if (j.stan === stan && (batch === undefined || j.batch === batch) && j.kind !== 'settlement') out.push(i + 1);
    });
    return out;
  }

  /** The auth code the host gave STAN in its approving answer, if the timeline shows one. */
  authCodeOf(stan: string): string | undefined {
    const answers = this.messages.filter((m) => m.direction === 'out' && m.stan === stan && m.responseCode === '00' && /^0[12]/.test(m.mti) && (!this.terminalId || m.terminalId === this.terminalId));
    return answers.length ? answers[answers.length - 1]!.authCode : undefined;
  }

  of(stan: string | undefined, batch?: string, slips: number[] = []): DesyncEvidence {
    const ev: DesyncEvidence = {};
    if (stan !== undefined) {
      const m = this.messagesOf(stan);
      const j = this.journalLinesOf(stan, batch);
      if (m.length) ev.messages = m;
      if (j.length) ev.journal = j;
    }
    if (slips.length) ev.slips = slips;
    return ev;
  }
}
