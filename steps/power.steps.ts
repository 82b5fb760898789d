/**
 * Power loss: the bench cuts the terminal's power at a named point and brings it back
 * (src/bench/power.ts), and the order of what reached the host is asserted — an owed
 * reversal must reach the host before the next transaction (docs/domain.md §1.6).
 */
import { Given, When, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import type { Amount } from './parameters';
import type { PowerPoint } from '../src/bench/power';
import type { EvidenceEvent } from '../src/evidence/types';
import { TAMPERINGS, type Tampering } from '../src/bench/storage-tamper';
import { matchesWithEllipsis } from '../src/bench/receipt-layout';
import { emulatedIssuer } from './real-host';
import { hostRequests, type HostRequest } from './host-requests';

/** Arm a cut at `point`; the step fails at once when the power cannot be cut (an external terminal, already off). */
async function arm(world: PosbenchWorld, point: PowerPoint): Promise<void> {
  const cut = world.bench.powerCut(point);
  if (world.bench.power.state !== 'armed') await cut;
}

// These two points are reached through the emulated issuer (it holds the answer; its 0510
// marks the settlement's end): on a real, tapped host the scenario is skipped with the reason.
Given('the power fails while the terminal waits for the host', async function (this: PosbenchWorld) {
  if (emulatedIssuer(this, 'a power cut while the terminal waits for the host') === 'skipped') return 'skipped';
  await arm(this, 'waiting-for-host');
});

Given('the power fails after the approval, before the receipt is printed', async function (this: PosbenchWorld) {
  await arm(this, 'before-print');
});

Given('the power fails in the middle of a receipt', async function (this: PosbenchWorld) {
  await arm(this, 'mid-slip');
});

Given('the power fails during settlement', async function (this: PosbenchWorld) {
  if (emulatedIssuer(this, 'a power cut during settlement') === 'skipped') return 'skipped';
  await arm(this, 'during-settlement');
});

When('the power fails', async function (this: PosbenchWorld) {
  await this.bench.powerCut();
});

When('the power fails in the middle of a journal write', async function (this: PosbenchWorld) {
  if (this.pending) await this.finish();
  const torn = await this.bench.power.cutMidJournalWrite();
  if ('skipped' in torn) return this.skipped(`a torn journal record: ${torn.skipped}`);
  return undefined;
});

When("the power fails before a journal record's line end is written", async function (this: PosbenchWorld) {
  if (this.pending) await this.finish();
  const torn = await this.bench.power.cutMidJournalWrite(true);
  if ('skipped' in torn) return this.skipped(`a journal record without its line end: ${torn.skipped}`);
  return undefined;
});

When("the terminal's stored data is tampered with while the power is off: {word}", async function (this: PosbenchWorld, kind: string) {
  if (!(kind in TAMPERINGS)) throw new Error(`tampering "${kind}": one of ${Object.keys(TAMPERINGS).join(', ')}`);
  const r = await this.bench.power.tamperWhileOff(kind as Tampering);
  return r ? this.skipped(`tampering with the stored data: ${r.skipped}`) : undefined;
});

Then('the terminal refuses to power on, saying {string}', async function (this: PosbenchWorld, why: string) {
  let refusal: Error | undefined;
  try {
    await this.bench.powerOn();
  } catch (e) {
    refusal = e as Error;
  }
  assert.ok(refusal, 'the terminal powered on');
  // A process terminal's refusal comes with its log lines: read as one line.
  const said = refusal.message.replace(/\s*\n\s*/g, ' ');
  assert.ok(matchesWithEllipsis(`…${why}…`, said), `the terminal refused to power on saying "${said}", not "${why}"`);
  this.bench.timeline.record({ source: 'bench', kind: 'power-on.refused', summary: `the terminal did not boot: ${refusal.message}` });
});

When('the power comes back', async function (this: PosbenchWorld) {
  await this.finish();
  await this.bench.powerOn();
});

Then('the power failure cuts the transaction short', async function (this: PosbenchWorld) {
  await this.finish();
  await this.bench.power.whenOff();
  assert.ok(this.cutShort, `the power failed, but not during the last transaction: it ended ${this.last ? `${this.last.outcome}, terminal shows "${this.last.display}"` : 'before it started'}`);
});

function describeRequests(list: HostRequest[]): string {
  return list.map((r) => `${r.mti}${Number.isFinite(r.amountMinor) ? ` ${(r.amountMinor / 100).toFixed(2)}` : ''}`).join(', ') || 'nothing';
}

/** Asserts the 0400 for `reversal` arrived, and before the first request `later` picks. */
function assertReversalBefore(world: PosbenchWorld, reversal: Amount, later: (r: HostRequest) => boolean, laterText: string): void {
  const all = hostRequests(world);
  const rev = all.find((r) => r.mti.startsWith('040') && r.amountMinor === reversal.minor);
  const next = all.find(later);
  const seen = `the issuer received, in order: ${describeRequests(all)}`;
  assert.ok(rev, `the issuer never received a reversal (0400) of ${reversal.text}; ${seen}`);
  assert.ok(next, `the issuer never received ${laterText}; ${seen}`);
  assert.ok(rev.seq < next.seq, `the reversal of ${reversal.text} reached the issuer after ${laterText}, not before it; ${seen}`);
}

Then('the issuer receives the reversal of {amount} before the sale of {amount}', async function (this: PosbenchWorld, reversal: Amount, sale: Amount) {
  if (this.pending) await this.finish();
  assertReversalBefore(this, reversal, (r) => r.mti === '0200' && r.processingCode.startsWith('00') && r.amountMinor === sale.minor, `the sale (0200) of ${sale.text}`);
});

Then('the issuer receives the reversal of {amount} before the settlement', async function (this: PosbenchWorld, reversal: Amount) {
  if (this.pending) await this.finish();
  assertReversalBefore(this, reversal, (r) => r.mti === '0500', 'the settlement (0500)');
});

/** How long the host side may take to see a dropped connection close (an event awaited, not a sleep). */
const CLOSE_SEEN_MS = 2000;

/**
 * A terminal without power holds nothing open: every connection to the host open when the
 * power went closes before it comes back (a process's power cut is SIGKILL, whose sockets the
 * kernel closes; the in-process terminal drops its own). Read on the terminal's side of the
 * network (the proxy), or at the issuer where the bench has no proxy; with the power still
 * off, the close is awaited.
 */
Then("the terminal's connection to the host closed when the power went", async function (this: PosbenchWorld) {
  const { timeline } = this.bench;
  const events = timeline.all();
  const cut = events.filter((e) => e.source === 'bench' && e.kind === 'power-cut').pop();
  assert.ok(cut, 'the power was never cut in this scenario');
  const on = events.find((e) => e.seq > cut.seq && e.source === 'bench' && e.kind === 'power-on');
  const side = events.some((e) => e.source === 'network' && e.kind === 'connection.opened') ? 'network' : 'issuer';
  const conn = (e: EvidenceEvent) => (e.data as { connection?: number } | undefined)?.connection;
  const isClose = (e: EvidenceEvent, id: number | undefined) => e.source === side && e.kind === 'connection.closed' && conn(e) === id;
  const closedBeforeCut = (id: number | undefined) => events.some((e) => e.seq < cut.seq && isClose(e, id));
  const open = events.filter((e) => e.seq < cut.seq && e.source === side && e.kind === 'connection.opened' && !closedBeforeCut(conn(e)));
  assert.ok(open.length, `no connection to the host was open when the power went (${side} side): the cut came at another point`);
  for (const o of open) {
    const id = conn(o);
    let closed = timeline.all().find((e) => e.seq > cut.seq && isClose(e, id));
    if (!closed && !on) {
      closed = await new Promise<EvidenceEvent | undefined>((resolve) => {
        const timer = setTimeout(() => (off(), resolve(undefined)), CLOSE_SEEN_MS);
        const off = timeline.onEvent((e) => {
          if (isClose(e, id)) (clearTimeout(timer), off(), resolve(e));
        });
      });
    }
    assert.ok(closed && (!on || closed.seq < on.seq), `connection #${id} stayed open after the power went${on ? ', until the power came back' : ` (${CLOSE_SEEN_MS} ms on)`}: a terminal without power holds no connection`);
  }
});
