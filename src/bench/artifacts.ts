/**
 * What a scenario leaves in the report: the decoded ISO 8583 exchange, the receipts as
 * text and as images, the evidence timeline, the terminal's journal, the issuer's ledger
 * and the oracle's verdict. Everything textual is PAN-masked on the way out.
 */
import { maskPansInText } from '../util/mask';
import type { Bench } from './bench';
import { checksWithoutJournal, formatDesyncTable, type Desync } from './oracle';
import { renderReceiptPng } from '../protocols/escpos';

export interface Artifact {
  name: string;
  mediaType: string;
  body: string | Buffer;
}

function text(name: string, body: string): Artifact {
  return { name, mediaType: 'text/plain', body: maskPansInText(body) };
}

function json(name: string, value: unknown): Artifact {
  return { name, mediaType: 'application/json', body: maskPansInText(JSON.stringify(value, null, 2)) };
}

export async function collectScenarioArtifacts(bench: Bench, desyncs: Desync[]): Promise<Artifact[]> {
  const out: Artifact[] = [];
  const guard = async (fn: () => Promise<unknown> | unknown) => {
    try {
      await fn();
    } catch (e) {
      out.push(text(`artifact error`, (e as Error).message));
    }
  };
  await guard(() => {
    if (!bench.issuer) return;
    const msgs = bench.issuer.messages();
    out.push(
      text(
        'ISO 8583 exchange.txt',
        msgs.length
          ? msgs.map((m) => `#${m.seq} ${m.at} ${m.direction === 'in' ? 'terminal → host' : 'host → terminal'} ${m.mti ?? '?'}${m.txn ? ` (${m.txn})` : ''}${m.error ? ` ERROR: ${m.error}` : ''}\n${m.describe ?? ''}\nhex: ${m.hex}`).join('\n\n')
          : '(no ISO 8583 message reached the host)',
      ),
    );
  });
  await guard(() => {
    // the emulator's paper, or what the tap decoded on the way to a real printer
    const journal = bench.printer ? bench.printer.journal() : bench.tappedPrinter?.tap.receipts().map((receipt) => ({ receipt, complete: receipt.cut, cut: receipt.cut, fault: undefined }));
    if (!journal) return;
    out.push(
      text(
        'Receipts.txt',
        journal.length
          ? journal.map((e, i) => `── receipt ${i + 1} (${e.complete ? 'complete' : `cut short${e.fault ? `: ${e.fault}` : ''}`}${e.cut ? ', cut' : ''}) ──\n${e.receipt.text()}`).join('\n\n')
          : '(no receipt printed)',
      ),
    );
    journal.forEach((e, i) => {
      try {
        out.push({ name: `receipt-${i + 1}.png`, mediaType: 'image/png', body: renderReceiptPng(e.receipt) });
      } catch (err) {
        out.push(text(`receipt-${i + 1}.png error`, (err as Error).message));
      }
    });
  });
  await guard(() => out.push(text('Evidence timeline.txt', bench.timeline.toText())));
  await guard(async () => out.push(json('Terminal journal.json', await bench.journal())));
  await guard(() => {
    if (bench.issuer) out.push(json('Issuer ledger.json', bench.issuer.ledger.events()));
    else if (bench.wireLedger) out.push(json('Host record (wire).json', bench.wireLedger.records()));
  });
  // A terminal without ECR has no journal to read: the report says which checks were not made.
  const notMade = bench.driver.hasJournal ? '' : `\n\nThe terminal's journal cannot be read (dut.run ${bench.profile.dut.run}); not checked:\n${checksWithoutJournal().map((c) => `- ${c}`).join('\n')}`;
  out.push(text('Oracle.txt', formatDesyncTable(desyncs) + notMade));
  return out;
}
