/** The bench's power switch (src/bench/power.ts) around a stand-in DUT: states, events, and its refusals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { PowerSwitch, PowerError } from '../../src/bench/power';
import { DutUnsupportedError, type DeviceUnderTest, type DutAddresses } from '../../src/dut';
import { disturb, injectionsFrom } from '../../src/bench/injections';
import { IssuerBankEmulator } from '../../emulators/issuer-bank';
import { PrinterEmulator } from '../../emulators/printer';
import { getDialect } from '../../src/protocols/iso8583';

function standIn(powerCycle: DeviceUnderTest['powerCycle'] = 'ecr-moves') {
  const calls: string[] = [];
  let port = 4000;
  const dut: DeviceUnderTest = {
    kind: powerCycle === 'impossible' ? 'external' : 'process',
    powerCycle,
    addresses: undefined,
    start: async () => ({ ecr: { host: '127.0.0.1', port } }),
    restart: async () => ({ ecr: { host: '127.0.0.1', port } }),
    powerCut: () => {
      calls.push('cut');
      return powerCycle === 'impossible' ? Promise.reject(new DutUnsupportedError('power-cut', 'external', 'not the bench’s to cut')) : Promise.resolve();
    },
    powerOn: async (): Promise<DutAddresses> => {
      calls.push('on');
      return { ecr: { host: '127.0.0.1', port: ++port } };
    },
    stop: async () => undefined,
  };
  const timeline = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: getDialect('cup'), evidence: timeline });
  const printer = new PrinterEmulator({ evidence: timeline });
  const connected: number[] = [];
  const power = new PowerSwitch({
    timeline,
    dut: () => dut,
    issuer: () => issuer,
    printer: () => printer,
    disturb: (cause, areas, what, fn) => disturb(timeline, { cause, affects: areas }, what, fn),
    disconnect: async () => undefined,
    connect: async (ecr) => void connected.push(ecr.port),
  });
  return { power, calls, timeline, issuer, printer, connected };
}

test('a cut now: off at once, a power-loss injection and a power-cut event; power on reconnects to the new ECR port', async () => {
  const { power, calls, timeline, connected } = standIn();
  const off = power.cut();
  assert.equal(power.state, 'off', 'off the instant cut() is called');
  await off;
  assert.deepEqual(calls, ['cut']);
  assert.deepEqual(injectionsFrom(timeline.all()).map((i) => i.cause), ['power-loss']);
  assert.ok(timeline.all().some((e) => e.kind === 'power-cut' && (e.data as { cause?: string }).cause === 'power-loss'));
  await assert.rejects(power.cut(), (e: unknown) => e instanceof PowerError && /already off/.test(e.message));
  await power.on();
  assert.deepEqual(connected, [4001]);
  assert.equal(power.state, 'on');
  assert.equal(power.cuts, 1);
  await assert.rejects(power.on(), (e: unknown) => e instanceof PowerError && /the power is on/.test(e.message));
});

test('an armed point cuts when the terminal reaches it: the printer cable dies at the job start', async () => {
  const { power, calls, printer } = standIn();
  const off = power.cut('before-print');
  assert.equal(power.state, 'armed');
  assert.deepEqual(calls, []);
  printer.receive(Buffer.from([0x10, 0x04, 0x01]));
  assert.equal(power.state, 'off');
  await off;
  assert.deepEqual(calls, ['cut']);
});

test('power back at a point never reached says which point; the issuer rule of waiting-for-host is withdrawn', async () => {
  const { power, issuer } = standIn();
  const off = power.cut('waiting-for-host');
  assert.equal(issuer.rules().length, 1, 'the issuer will hold its next answer');
  await assert.rejects(power.on(), (e: unknown) => e instanceof PowerError && /did not reach the point "waiting-for-host"/.test(e.message));
  await assert.rejects(off, PowerError);
  assert.equal(issuer.rules().length, 0);
  assert.equal(power.state, 'on');
});

test("an external terminal's power is not the bench's: the DUT's typed error", async () => {
  const { power } = standIn('impossible');
  await assert.rejects(power.cut('mid-slip'), (e: unknown) => e instanceof DutUnsupportedError && e.operation === 'power-cut');
  assert.equal(power.state, 'on');
});
