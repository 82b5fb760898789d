/**
 * What the live bench page shows, read from a running bench: each device's state, the
 * receipts (text masked; images rendered on request), the decoded ISO 8583 exchange (the
 * issuer's log: describe() with card data masked) and the oracle's current verdict. Plain
 * JSON-ready objects; nothing here changes the bench.
 */
import type { Bench } from '../bench/bench';
import { formatDesyncTable, type Desync } from '../bench/oracle';
import { maskPansInText } from '../util/mask';
import { Receipt } from '../protocols/escpos';

export interface DeviceStates {
  profile: string;
  terminal: { attached: boolean; display: string };
  printer?: ReturnType<NonNullable<Bench['printer']>['status']> & { receipts: number };
  reader?: { card: string | null; presentation: string | null };
  issuer?: { rules: Array<{ id: string; description?: string }>; magicAmounts: boolean; requests: number; responses: number; connections: number };
  network?: { enabled: boolean; down: boolean; connections: number; faults: Array<{ name: string; type: string; stream: string }> };
}

export function deviceStates(bench: Bench): DeviceStates {
  const out: DeviceStates = { profile: bench.profile.name, terminal: { attached: bench.driver.connected, display: bench.driver.display } };
  if (bench.printer) out.printer = { ...bench.printer.status(), receipts: bench.printer.journal().filter((e) => !e.open).length };
  if (bench.reader) {
    const p = bench.reader.presented;
    out.reader = { card: p?.name ?? null, presentation: p?.presentation ?? null };
  }
  if (bench.issuer) {
    const i = bench.issuer;
    const s = i.statistics();
    out.issuer = { rules: i.rules().map((r) => ({ id: r.id, ...(r.description ? { description: r.description } : {}) })), magicAmounts: i.magicAmounts, requests: s.requests, responses: s.responses, connections: s.connections };
  }
  if (bench.proxy) {
    const n = bench.proxy;
    out.network = { enabled: n.enabled, down: n.isDown, connections: n.connectionCount, faults: n.faults().map((f) => ({ name: f.name, type: f.type, stream: f.stream })) };
  }
  return out;
}

export interface ReceiptView {
  index: number;
  complete: boolean;
  cut: boolean;
  fault?: string;
  open?: boolean;
  /** What is on the paper, card numbers masked (first 6 / last 4). */
  text: string;
}

export function receiptViews(bench: Bench): ReceiptView[] {
  if (!bench.printer) return [];
  return bench.printer.journal().map((e, index) => ({
    index,
    complete: e.complete,
    cut: e.cut,
    ...(e.fault ? { fault: e.fault } : {}),
    ...(e.open ? { open: true } : {}),
    text: maskPansInText(e.receipt.text()),
  }));
}

/**
 * A copy of a receipt with every card number in its text masked (first 6 / last 4), for its
 * image: a terminal that prints the whole PAN must not have it shown on a page. Masking
 * keeps the length, so the layout is the paper's. Barcodes, QR codes and images stay.
 */
export function maskedReceipt(r: Receipt): Receipt {
  const out = new Receipt(r.columns);
  out.cut = r.cut;
  out.cutType = r.cutType;
  for (const it of r.items) {
    if (it.kind !== 'text') out.items.push(it);
    else out.items.push({ ...it, line: { ...it.line, text: maskPansInText(it.line.text), segments: it.line.segments.map((g) => ({ ...g, text: maskPansInText(g.text) })) } });
  }
  return out;
}

/** The ISO 8583 messages the issuer exchanged (its log renders them with describe(), card data masked). */
export function isoMessages(bench: Bench, limit = 200): Array<{ seq: number; at: string; direction: string; mti?: string; txn?: string; describe?: string; error?: string }> {
  if (!bench.issuer) return [];
  return bench.issuer
    .messages()
    .slice(-limit)
    .map((m) => ({ seq: m.seq, at: m.at, direction: m.direction, ...(m.mti ? { mti: m.mti } : {}), ...(m.txn ? { txn: m.txn } : {}), ...(m.describe ? { describe: maskPansInText(m.describe) } : {}), ...(m.error ? { error: m.error } : {}) }));
}

export type Verdict = { state: 'in-sync' | 'desync'; desyncs: Desync[]; table: string } | { state: 'unknown'; reason: string };

/**
 * The oracle over the ledger, the terminal's journal (read over ECR) and the paper, as they
 * are now — without recording a verdict event. Unknown, with the reason, when a part is missing.
 */
export async function currentVerdict(bench: Bench): Promise<Verdict> {
  if (!bench.issuer && !bench.wireLedger) return { state: 'unknown', reason: 'the issuer is not emulated and no network proxy taps the real host: there is no host record to reconcile' };
  if (!bench.printer) return { state: 'unknown', reason: 'the printer is not emulated: there is no paper to reconcile' };
  if (!bench.driver.connected) return { state: 'unknown', reason: "no terminal attached: the journal is read over the terminal's ECR port (attach it on this page, or run a profile with dut.run external)" };
  try {
    const desyncs = await bench.reconcile(false);
    return { state: desyncs.length ? 'desync' : 'in-sync', desyncs, table: formatDesyncTable(desyncs) };
  } catch (e) {
    return { state: 'unknown', reason: `the journal could not be read over ECR: ${(e as Error).message}` };
  }
}
