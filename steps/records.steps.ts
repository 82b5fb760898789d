/** Outcomes read from the terminal's journal and the issuer's message log. */
import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { displayWidth } from '../src/terminal/slip';
import { emulatedIssuer } from './real-host';
import type { Amount } from './parameters';
import { matchesWithEllipsis } from '../src/bench/receipt-layout';
import { hostRequests } from './host-requests';

const STATUSES = ['approved', 'declined', 'failed', 'reversed', 'cancelled', 'voided', 'pending'];

Then("the terminal's journal records the last transaction as {word}", async function (this: PosbenchWorld, status: string) {
  if (!STATUSES.includes(status)) throw new Error(`journal status "${status}": known statuses ${STATUSES.join(', ')}`);
  if (this.withoutEcr('the journal') === 'skipped') return 'skipped';
  const r = await this.settle();
  assert.ok(r.stan, `the last transaction (${r.outcome}) never got a trace number, so the journal has no line for it`);
  const journal = await this.bench.journal();
  const entry = [...journal].reverse().find((e) => e.stan === r.stan && e.kind === r.kind);
  assert.ok(entry, `the journal has no ${r.kind} with STAN ${r.stan}:\n${journal.map((e) => `${e.kind} ${e.stan} ${e.status}`).join('\n')}`);
  assert.equal(entry.status, status, `the journal records ${r.kind} STAN ${r.stan} as ${entry.status}, not ${status}`);
});

/** The journal's one sale, void or refund of `amount` (the scenario's transaction is awaited first). */
async function journalEntryOf(world: PosbenchWorld, kind: string, amount: Amount) {
  if (!['sale', 'void', 'refund'].includes(kind)) throw new Error(`transaction kind "${kind}": sale, void or refund`);
  if (world.pending) await world.settle();
  const journal = await world.bench.journal();
  const entries = journal.filter((e) => e.kind === kind && e.amountMinor === amount.minor);
  const lines = journal.map((e) => `${e.kind} ${e.stan} ${e.amountMinor} ${e.status}`).join('\n');
  assert.equal(entries.length, 1, `the journal has ${entries.length} ${kind}(s) of ${amount.text}, expected one:\n${lines}`);
  return entries[0]!;
}

Then("the terminal's journal records the {word} of {amount} as {word}", async function (this: PosbenchWorld, kind: string, amount: Amount, status: string) {
  if (!STATUSES.includes(status)) throw new Error(`journal status "${status}": known statuses ${STATUSES.join(', ')}`);
  if (this.withoutEcr('the journal') === 'skipped') return 'skipped';
  const e = await journalEntryOf(this, kind, amount);
  assert.equal(e.status, status, `the journal records the ${kind} of ${amount.text} (STAN ${e.stan}) as ${e.status}${e.reason ? ` (${e.reason})` : ''}, not ${status}`);
  return undefined;
});

Then("the terminal's journal gives the {word} of {amount} the reason {string}", async function (this: PosbenchWorld, kind: string, amount: Amount, reason: string) {
  if (this.withoutEcr('the journal') === 'skipped') return 'skipped';
  const e = await journalEntryOf(this, kind, amount);
  const got = e.reason ?? '';
  assert.ok(matchesWithEllipsis(reason, got), `the journal gives the ${kind} of ${amount.text} (STAN ${e.stan}) the reason "${got}", not "${reason}"`);
  return undefined;
});


/** The last request of these MTIs in the issuer's message log; 'skipped' on a real host. */
function lastRequest(world: PosbenchWorld, mtis: readonly string[], what: string, pick: (fields: Record<string, string>) => boolean = () => true) {
  const issuer = emulatedIssuer(world, "the issuer's message log");
  if (issuer === 'skipped') return issuer;
  const last = issuer.messages().filter((m) => m.direction === 'in' && mtis.includes(m.mti ?? '') && pick(m.fields ?? {})).at(-1);
  assert.ok(last, `the issuer received no ${what} (${mtis.join(' / ')})`);
  return last;
}

const lastReversal = (world: PosbenchWorld) => lastRequest(world, ['0400', '0401'], 'reversal');

Then('the issuer received field {int} as {string} in the last financial request', async function (this: PosbenchWorld, field: number, value: string) {
  if (this.pending) await this.finish();
  const last = lastRequest(this, ['0200', '0220'], 'financial request');
  if (last === 'skipped') return last;
  const got = last.fields?.[String(field)];
  // "…" stands for any text there (a time whose seconds run on: "2359…").
  const same = value.includes('…') ? typeof got === 'string' && matchesWithEllipsis(value, got) : got === value;
  assert.ok(same, `the last ${last.mti} carried field ${field} = ${JSON.stringify(got)}, not "${value}"`);
  return undefined;
});

Then('the issuer received field {int} as {string} in the last reversal', async function (this: PosbenchWorld, field: number, value: string) {
  if (this.pending) await this.finish();
  const last = lastReversal(this);
  if (last === 'skipped') return last;
  assert.equal(last.fields?.[String(field)], value, `the last ${last.mti} carried field ${field} = ${JSON.stringify(last.fields?.[String(field)])}, not "${value}"`);
  return undefined;
});

Then('the last financial request the issuer received carries no field {int}', async function (this: PosbenchWorld, field: number) {
  if (this.pending) await this.finish();
  const last = lastRequest(this, ['0200', '0220'], 'financial request');
  if (last === 'skipped') return last;
  assert.equal(last.fields?.[String(field)], undefined, `the last ${last.mti} carried field ${field} (${JSON.stringify(last.fields?.[String(field)])})`);
  return undefined;
});

Then('the last financial request the issuer received carries field {int}', async function (this: PosbenchWorld, field: number) {
  if (this.pending) await this.finish();
  const last = lastRequest(this, ['0200', '0220'], 'financial request');
  if (last === 'skipped') return last;
  // Only its presence: the value may be card data (track 2) that no report shows in full.
  assert.notEqual(last.fields?.[String(field)], undefined, `the last ${last.mti} carried no field ${field}`);
  return undefined;
});

Then('the last reversal the issuer received carries no field {int}', async function (this: PosbenchWorld, field: number) {
  if (this.pending) await this.finish();
  const last = lastReversal(this);
  if (last === 'skipped') return last;
  assert.equal(last.fields?.[String(field)], undefined, `the last ${last.mti} carried field ${field} (${JSON.stringify(last.fields?.[String(field)])}), which a reversal leaves out`);
  return undefined;
});

Then('the last refund advice the issuer received carries no field {int}', async function (this: PosbenchWorld, field: number) {
  if (this.pending) await this.finish();
  const last = lastRequest(this, ['0221'], 'refund advice');
  if (last === 'skipped') return last;
  assert.equal(last.fields?.[String(field)], undefined, `the last ${last.mti} carried field ${field} (${JSON.stringify(last.fields?.[String(field)])}), which an advice leaves out`);
  return undefined;
});

/**
 * The network-management and closing messages by name: 0800s told apart by their network
 * management code in 60.3 (003 sign-on, 301 echo test), the 0500 settlement and its 0320
 * batch uploads (docs/domain.md §1.6).
 */
const CLOSING_AND_NETWORK: Record<string, { mtis: string[]; code?: string }> = {
  'sign-on': { mtis: ['0800'], code: '003' },
  'echo test': { mtis: ['0800'], code: '301' },
  settlement: { mtis: ['0500', '0501'] },
  'batch upload': { mtis: ['0320', '0321'] },
};

/** The step of one such message: its field as the issuer received it, whole or with `…` for what varies. */
function fieldOfLast(kind: string) {
  const { mtis, code } = CLOSING_AND_NETWORK[kind]!;
  return async function (this: PosbenchWorld, field: number, value: string) {
    if (this.pending) await this.finish();
    const last = lastRequest(this, mtis, code ? `${kind} with 60.3 = ${code}` : kind, (f) => !code || String(f['60'] ?? '').slice(8, 11) === code);
    if (last === 'skipped') return last;
    const got = last.fields?.[String(field)];
    assert.ok(got !== undefined && matchesWithEllipsis(value, String(got)), `the last ${kind} (${last.mti}) carried field ${field} = ${JSON.stringify(got)}, not "${value}"`);
    return undefined;
  };
}

Then('the issuer received field {int} as {string} in the last sign-on', fieldOfLast('sign-on'));
Then('the issuer received field {int} as {string} in the last echo test', fieldOfLast('echo test'));
Then('the issuer received field {int} as {string} in the last settlement', fieldOfLast('settlement'));
Then('the issuer received field {int} as {string} in the last batch upload', fieldOfLast('batch upload'));

Then('the issuer receives {int} financial request(s)', async function (this: PosbenchWorld, count: number) {
  if (this.pending) await this.finish();
  const requests = hostRequests(this).filter((r) => /^02[02]/.test(r.mti));
  assert.equal(requests.length, count, `the issuer received ${requests.length} financial request(s) (0200 / 0220${requests.length ? `: ${requests.map((r) => `${r.mti} ${r.amountMinor}`).join(', ')}` : ''}), expected ${count}`);
});

Then('the last receipt is printed {int} columns wide', async function (this: PosbenchWorld, columns: number) {
  if (this.pending) await this.settle();
  const last = (await this.bench.paper()).at(-1);
  assert.ok(last, 'no receipt was printed');
  // The widest line as it came out of the printer (CJK characters take two columns); the
  // slip's rule lines span the whole width.
  const widest = Math.max(...last.text.split('\n').map((l) => displayWidth(l.trimEnd())));
  assert.equal(widest, columns, `the last receipt's widest line is ${widest} columns, not ${columns}:\n${last.text}`);
});

Then('the issuer has booked the refund of {amount} once, as the journal records it', async function (this: PosbenchWorld, amount: Amount) {
  if (this.withoutEcr('the journal') === 'skipped') return 'skipped';
  if (this.pending) await this.settle();
  const credits = this.bench.requireIssuer().ledger.events().filter((e) => e.kind === 'refund' && e.amountMinor === amount.minor);
  assert.equal(credits.length, 1, `the issuer credited ${credits.length} refund(s) of ${amount.text}${credits.length ? ` (STAN ${credits.map((e) => e.stan).join(', ')})` : ''}, expected exactly one`);
  const journal = await this.bench.journal();
  const refunds = journal.filter((e) => e.kind === 'refund' && e.amountMinor === amount.minor);
  const lines = journal.map((e) => `${e.kind} ${e.stan} ${e.amountMinor} ${e.status}`).join('\n');
  assert.equal(refunds.length, 1, `the journal has ${refunds.length} refund(s) of ${amount.text}, expected one:\n${lines}`);
  assert.equal(refunds[0].stan, credits[0].stan, `the journal's refund has STAN ${refunds[0].stan}, the host credited STAN ${credits[0].stan}`);
  assert.equal(refunds[0].status, 'approved', `the host credited the refund STAN ${credits[0].stan}, but the journal records it as ${refunds[0].status}${refunds[0].reason ? ` (${refunds[0].reason})` : ''}`);
});
