/**
 * A real host behind the proxy: the "real host" is an issuer emulator started here, outside
 * any bench, on its own port; a profile with issuer.emulated false points at it. The same
 * scenarios run through `posbench run` on it and on the reference profile (emulated ledger):
 * the oracle's verdicts must be the same, the host record the wire showed must be what the
 * host booked, and a scenario that needs the emulated issuer's control is skipped with the reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IssuerBankEmulator } from '../../emulators/issuer-bank';
import { getDialect } from '../../src/protocols/iso8583';
import { ArqcVerifier, loadCardCatalog } from '../../src/cards';
import type { EvidenceEvent } from '../../src/evidence/types';

const SCENARIOS = [
  'features/purchase/approved-sale.feature:12', // an approved sale
  'features/declines/own-decisions.feature:12', // a decline the host makes on its own (51)
  'features/desync/network/message-faults.feature:12', // the answer is lost: timeout, reversal
  'features/settlement/settle-batch.feature:13', // sales, a void and a refund settle balanced
];
/** Scenarios that need the emulated issuer's control: skipped, with the reason, on a real host. */
const NEEDS_ISSUER: Array<{ path: string; name: string; reason: RegExp }> = [
  { path: 'features/declines/host-declines.feature:54', name: 'leaves the next sale unaffected', reason: /a decline rule \(05\) needs the emulated issuer, but profile tapped-host has a real host/ },
  { path: 'features/desync/power/power-loss.feature:14', name: 'the owed reversal goes before the next sale', reason: /a power cut while the terminal waits for the host needs the emulated issuer, but profile tapped-host has a real host/ },
];

interface ScenarioRun {
  verdict: string;
  skipped?: string;
  hostRecord?: Array<{ kind: string; amountMinor: number; responseCode: string }>;
}

/** `posbench run` as a child process (asynchronously: the host lives in this process and must keep answering). */
async function run(profile: string, reportsDir: string, paths: string[]): Promise<{ status: number | null; out: string; scenarios: Map<string, ScenarioRun> }> {
  const child = spawn(process.execPath, ['bin/posbench.js', 'run', '--profile', profile, '--reports-dir', reportsDir, ...paths], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const dir = join(reportsDir, 'latest', 'evidence');
  const scenarios = new Map<string, ScenarioRun>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const events = JSON.parse(readFileSync(join(dir, f), 'utf8')) as EvidenceEvent[];
    const name = String(events.find((e) => e.kind === 'bench.start')?.summary ?? f).replace(/^profile \S+ — /, '');
    const verdict = events.filter((e) => e.kind === 'oracle.verdict').at(-1)?.summary ?? 'no verdict';
    const skipped = events.find((e) => e.kind === 'bench.skipped')?.summary;
    const hostRecord = events.filter((e) => e.kind === 'oracle.host-record').at(-1)?.data as ScenarioRun['hostRecord'];
    scenarios.set(name, { verdict, ...(skipped ? { skipped } : {}), ...(hostRecord ? { hostRecord } : {}) });
  }
  return { status, out, scenarios };
}

test('a tapped real host: the oracle judges from the wire as it does from the emulated ledger', { timeout: 600_000 }, async () => {
  const catalog = loadCardCatalog();
  const accounts = [...new Map(catalog.all().map((c) => [c.pan, { pan: c.pan, balanceMinor: c.cardholder.startingBalanceMinor }])).values()];
  // The verifier remembers each card's ATCs (replays are refused): a new one with the host's books cleared.
  let verifier = new ArqcVerifier();
  // The "real host": no bench owns it, no bench step can set its rules.
  const host = new IssuerBankEmulator({
    dialect: getDialect('cup'),
    seed: 7,
    accounts,
    verifyCryptogram: (pan, tlv) => {
      const card = catalog.byPan(pan);
      return !card?.emv || verifier.verify(card, tlv);
    },
  });
  const addr = await host.start();
  const tmp = mkdtempSync(join(tmpdir(), 'posbench-host-tap-'));
  try {
    const reference = readFileSync('hardware-profiles/reference.yaml', 'utf8');
    const profile = join(tmp, 'tapped-host.yaml');
    writeFileSync(profile, reference.replace(/^name: reference$/m, 'name: tapped-host').replace(/^issuer:\n {2}emulated: true$/m, `issuer:\n  emulated: false\n  address: "${addr.host}:${addr.port}"`));
    assert.match(readFileSync(profile, 'utf8'), /emulated: false\n {2}address: "127\.0\.0\.1:\d+"/);

    // One run per scenario, the host's books cleared in between: each scenario's terminal
    // starts its trace numbers afresh, and a host that remembers them answers a repeat.
    const tapped = { scenarios: new Map<string, ScenarioRun>(), out: '', booked: [] as string[] };
    const KINDS = ['hold', 'void', 'refund', 'decline', 'reversal', 'settlement'];
    for (const [i, path] of [...SCENARIOS, ...NEEDS_ISSUER.map((n) => n.path)].entries()) {
      host.reset();
      verifier = new ArqcVerifier();
      const r = await run(profile, join(tmp, `tapped-${i}`), [path]);
      assert.equal(r.status, 0, `the tapped run of ${path} failed:\n${r.out}`);
      for (const [k, v] of r.scenarios) tapped.scenarios.set(k, v);
      tapped.out += r.out;
      // What the host booked (a hold restored by a reversed void is no approval of its own).
      tapped.booked.push(...host.ledger.events().filter((e) => KINDS.includes(e.kind) && !(e.kind === 'hold' && e.originalStan)).map((e) => `${e.kind} ${e.amountMinor} ${e.responseCode}`));
    }
    const emulated = await run('reference', join(tmp, 'emulated'), [...SCENARIOS, ...NEEDS_ISSUER.map((n) => n.path)]);
    assert.equal(emulated.status, 0, emulated.out);
    assert.equal(tapped.scenarios.size, SCENARIOS.length + NEEDS_ISSUER.length);

    for (const [name, e] of emulated.scenarios) {
      const t = tapped.scenarios.get(name);
      assert.ok(t, `the tapped run has no scenario "${name}"`);
      const needs = NEEDS_ISSUER.find((n) => name.includes(n.name));
      if (needs) {
        // Needs the issuer's control (a rule, a held answer): skipped, with the reason, on the real host; run on the emulated one.
        assert.match(t.skipped ?? '', needs.reason);
        assert.equal(e.skipped, undefined);
        continue;
      }
      assert.equal(t.verdict, e.verdict, `"${name}": the oracle says "${t.verdict}" on the tapped host, "${e.verdict}" on the emulated ledger`);
      assert.ok(t.hostRecord && t.hostRecord.length > 0, `"${name}": no host record from the wire`);
    }
    assert.equal(tapped.out.match(/scenarios: 0 passed, 0 failed, 1 skipped/g)?.length, NEEDS_ISSUER.length);

    // What the wire showed is what the host booked (kind, amount, answer), over every scenario.
    const wire = [...tapped.scenarios.values()].flatMap((s) => s.hostRecord ?? []).map((r) => `${r.kind} ${r.amountMinor} ${r.responseCode}`).sort();
    assert.deepEqual(wire, tapped.booked.sort());
    assert.ok(wire.includes('reversal 2500 00') && wire.includes('decline 600000 51') && wire.some((w) => w.startsWith('settlement ')), wire.join('\n'));
  } finally {
    await host.stop();
    if (!process.env.POSBENCH_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  }
});
