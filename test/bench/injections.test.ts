/**
 * A fault carries its cause where it is injected: a step's `bench.disturb(...)` records its
 * cause once, and a fault that reaches an emulator some other way (its control API, code
 * calling the model) is an injection with a cause too — never a firmware defect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { injectionsFrom } from '../../src/bench/injections';
import { Bench } from '../../src/bench/bench';
import { loadProfile } from '../../src/bench/profile';
import { serveControlApi } from '../../emulators/network/control-api';

test('emulator fault events no disturbance covers are injections, with the cause they carry or one derived from the fault', () => {
  const t = new EvidenceTimeline();
  t.record({ source: 'network', kind: 'fault.added', summary: 'fault latency_downstream added', data: { type: 'latency' } });
  t.record({ source: 'printer', kind: 'fault.set', summary: 'printer fault set: no paper', data: { kind: 'no-paper' } });
  t.record({ source: 'printer', kind: 'fault.set', summary: 'printer fault set: baud', data: { kind: 'baud-mismatch', terminalBaud: 9600 } });
  t.record({ source: 'issuer', kind: 'rule.added', summary: 'decline with 51', data: { id: 'r1', action: { responseCode: '51' } } });
  t.record({ source: 'issuer', kind: 'rule.added', summary: 'slow', data: { id: 'r2', action: { delayMs: 3000 } } });
  t.record({ source: 'issuer', kind: 'rule.added', summary: 'bad MAC', data: { id: 'r3', action: { badMac: true } } });
  t.record({ source: 'network', kind: 'fault.added', summary: 'given', data: { type: 'down', cause: 'operator-error' } });
  t.record({ source: 'network', kind: 'fault.added', summary: 'blamed', data: { type: 'down', cause: 'firmware-defect' } });
  assert.deepEqual(
    injectionsFrom(t.all()).map((i) => [i.cause, i.affects.join('+')]),
    [
      ['network-failure', 'host'],
      ['printer-failure', 'paper'],
      ['misconfiguration', 'paper'],
      // the decline is an answer, not a disturbance
      ['bank-delay', 'host'],
      ['misconfiguration', 'host'],
      ['operator-error', 'host'],
      ['network-failure', 'host'], // an event cannot blame the firmware
    ],
  );
});

test('disturb records the injection once, covers the emulator faults it added, and returns what fn returns', async () => {
  const bench = await Bench.start({ profile: loadProfile('reference'), scenario: 'disturb' });
  try {
    const proxy = bench.requireProxy();
    const name = bench.disturb('bank-delay', ['host'], 'a slow bank behind a slow network', () => proxy.addFault({ type: 'latency', stream: 'downstream', attributes: { latencyMs: 5 } }));
    assert.equal(typeof name, 'string');
    const waited = await bench.disturb('operator-error', ['paper'], 'the cashier waits', async () => 42);
    assert.equal(waited, 42);
    assert.throws(() => bench.disturb('printer-failure', ['paper'], 'a bad fault', () => bench.requirePrinter('x').setFault({ kind: 'paper-runs-out', afterLines: -1 })));
    const inj = injectionsFrom(bench.timeline.all());
    assert.deepEqual(
      inj.map((i) => [i.cause, i.what]),
      [
        ['bank-delay', 'a slow bank behind a slow network'],
        ['operator-error', 'the cashier waits'],
        ['printer-failure', 'a bad fault'],
      ],
      'the latency fault is the step\'s injection, not a second one',
    );
    const covers = bench.timeline.filter((e) => e.kind === 'inject.covers');
    assert.equal(covers.length, 1);
    assert.equal(bench.timeline.all().find((e) => e.seq === (covers[0]!.data as { faults: number[] }).faults[0])?.kind, 'fault.added');
  } finally {
    await bench.stop();
  }
});

test('a fault a person adds through the network control API during a scenario is blamed on the network, not on the firmware', async () => {
  const bench = await Bench.start({ profile: loadProfile('reference'), scenario: 'control-api fault' });
  let api: Awaited<ReturnType<typeof serveControlApi>> | undefined;
  try {
    await bench.driver.signOn();
    await bench.setTerminalSetting('defects', 'no-reversal-on-timeout');
    const proxy = bench.requireProxy();
    api = await serveControlApi(proxy);
    const { host, port } = api.address;
    const res = await fetch(`http://${host}:${port}/proxies/${proxy.name}/toxics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'drop_response', stream: 'downstream', attributes: { count: 1 } }),
    });
    assert.equal(res.status, 200, await res.text());
    const sale = bench.driver.sale(2500);
    await bench.waitForDisplay(/PRESENT CARD/);
    await bench.presentCard('UNIONPAY_CHIP');
    await sale;
    await bench.removeCardIfPresent();
    const desyncs = await bench.reconcile();
    assert.deepEqual(desyncs.map((d) => [d.type, d.cause]), [['unreversed-timeout', 'network-failure']]);
  } finally {
    await api?.close();
    await bench.stop();
  }
});
