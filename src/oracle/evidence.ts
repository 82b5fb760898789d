/**
 * Evidence links: where a desync can be seen — the host messages on the timeline (event
 * numbers), the slips on paper and the journal lines (1-based) — and the host messages
 * read off an evidence timeline (the issuer emulator's `iso8583.in` / `iso8583.out`).
 */
import type { EvidenceEvent } from '../evidence/types';
import { groupBy } from '../util/group-by';
import type { DesyncEvidence, HostMessage, JournalRecord } from './types';

export function hostMessagesFrom(events: readonly EvidenceEvent[]): HostMessage[] {
  const out: HostMessage[] = [];
  for (const e of events) {
    // The issuer emulator's messages, or a tapped real host's as the proxy saw them (source network).
    if ((e.source !== 'issuer' && e.source !== 'network') || (e.kind !== 'iso8583.in' && e.kind !== 'iso8583.out')) continue;
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
  // By STAN, so that a long run's evidence is found without scanning it per transaction.
  private readonly messagesByStan: Map<string, HostMessage[]>;
  private readonly journalByStan = new Map<string, { j: JournalRecord; line: number }[]>();

  constructor(
    messages: readonly HostMessage[],
    journal: readonly JournalRecord[],
    private readonly terminalId: string | undefined,
  ) {
    this.messagesByStan = groupBy(messages, (m) => m.stan);
    journal.forEach((j, i) => {
      if (j.kind === 'settlement') return;
      const lines = this.journalByStan.get(j.stan);
      if (lines) lines.push({ j, line: i + 1 });
      else this.journalByStan.set(j.stan, [{ j, line: i + 1 }]);
    });
  }

  messagesOf(stan: string): number[] {
    return (this.messagesByStan.get(stan) ?? []).filter((m) => !this.terminalId || !m.terminalId || m.terminalId === this.terminalId).map((m) => m.seq);
  }

  journalLinesOf(stan: string, batch?: string): number[] {
    return (this.journalByStan.get(stan) ?? []).filter(({ j }) => batch === undefined || j.batch === batch).map(({ line }) => line);
  }

  /** The auth code the host gave STAN in its approving answer, if the timeline shows one. */
  authCodeOf(stan: string): string | undefined {
    const answers = (this.messagesByStan.get(stan) ?? []).filter((m) => m.direction === 'out' && m.responseCode === '00' && /^0[12]/.test(m.mti) && (!this.terminalId || m.terminalId === this.terminalId));
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
