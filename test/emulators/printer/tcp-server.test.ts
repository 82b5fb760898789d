import { test } from 'node:test';
import assert from 'node:assert/strict';
import { netPrinter, RawClient, receipts } from './tcp-client.helpers';

const DLE_EOT = (n: number) => [0x10, 0x04, n];
const GS_R1 = [0x1d, 0x72, 0x01];
const CUT = [0x1d, 0x56, 0x00];
const receipt = (...lines: string[]) => Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from(lines.map((l) => `${l}\n`).join(''), 'latin1'), Buffer.from(CUT)]);

test('one job per connection: connect, print, close — the receipt is on the paper, cut', async () => {
  const { printer, port, events, stop } = await netPrinter();
  try {
    for (const name of ['FIRST', 'SECOND']) {
      const printed = receipts(printer);
      const c = await RawClient.connect(port);
      await c.send(receipt(`JOB ${name}`, 'TOTAL 1.00'));
      await c.end();
      await printed;
    }
    const j = printer.journal();
    assert.deepEqual(j.map((e) => [e.receipt.text().split('\n')[0], e.cut, e.complete]), [
      ['JOB FIRST', true, true],
      ['JOB SECOND', true, true],
    ]);
    await events.when('tcp.closed', 2);
    assert.equal(events.of('tcp.accepted').length, 2);
  } finally {
    await stop();
  }
});

test('several jobs on one connection, DLE EOT and GS r answered on the same socket', async () => {
  const { printer, port, stop } = await netPrinter();
  try {
    const c = await RawClient.connect(port);
    await c.send(DLE_EOT(1));
    assert.deepEqual(await c.read(1), [0x12]);
    const two = receipts(printer, 2);
    await c.send(receipt('ONE'));
    await c.send([...GS_R1]);
    assert.deepEqual(await c.read(1), [0x00]);
    await c.send(receipt('TWO'));
    await two;
    printer.setFault({ kind: 'no-paper' });
    await c.send([...DLE_EOT(4), ...GS_R1]);
    assert.deepEqual(await c.read(2), [0x72, 0x0c]);
    assert.deepEqual(printer.journal().map((e) => e.receipt.text().trim()), ['ONE', 'TWO']);
    await c.end();
  } finally {
    await stop();
  }
});

test('every fault answers over TCP as on serial; offline answers nothing', async () => {
  const { printer, port, events, stop } = await netPrinter();
  try {
    const c = await RawClient.connect(port);
    const cases: Array<[Parameters<typeof printer.setFault>[0], number[]]> = [
      [{ kind: 'cover-open' }, [0x1a, 0x16, 0x12, 0x12]],
      [{ kind: 'cutter-jam' }, [0x3a, 0x52, 0x1a, 0x12]],
      [{ kind: 'paper-near-end' }, [0x12, 0x12, 0x12, 0x1e]],
    ];
    for (const [fault, bytes] of cases) {
      printer.setFault(fault);
      await c.send([1, 2, 3, 4].flatMap(DLE_EOT));
      assert.deepEqual(await c.read(4), bytes, fault.kind);
      printer.clearFaults();
    }
    printer.setFault({ kind: 'offline' });
    await c.send(DLE_EOT(1));
    await events.when('bytes.dropped');
    printer.goOnline();
    await c.send(DLE_EOT(1));
    assert.deepEqual(await c.read(1), [0x12], 'the first byte after going online answers the new query: nothing came for the dropped one');
    assert.equal(c.pending, 0);
    await c.end();
  } finally {
    await stop();
  }
});

test('ASB (GS a) is pushed on every change to the connection that enabled it, and ends with it', async () => {
  const { printer, port, events, stop } = await netPrinter();
  try {
    const a = await RawClient.connect(port);
    await a.send([0x1d, 0x61, 0xff]);
    assert.deepEqual(await a.read(4), [0x10, 0x00, 0x00, 0x00]);
    printer.setFault({ kind: 'cover-open' });
    assert.deepEqual(await a.read(4), [0x38, 0x00, 0x00, 0x00]);
    printer.closeCover();
    assert.deepEqual(await a.read(4), [0x10, 0x00, 0x00, 0x00]);
    await a.end();
    await events.when('tcp.closed');
    assert.equal(printer.status().asbEnabled, false);

    const b = await RawClient.connect(port);
    await events.when('tcp.printing', 2);
    printer.setFault({ kind: 'no-paper' });
    await b.send(GS_R1);
    assert.deepEqual(await b.read(1), [0x0c], 'b never asked for ASB: the first byte it gets is its GS r answer');
    await b.end();
  } finally {
    await stop();
  }
});

test('connections are served one at a time: a second waits, its job prints after the first closes', async () => {
  const { printer, port, events, stop } = await netPrinter();
  try {
    const a = await RawClient.connect(port);
    await a.send(DLE_EOT(1));
    assert.deepEqual(await a.read(1), [0x12]);
    const b = await RawClient.connect(port);
    await b.send(DLE_EOT(1));
    await b.send(receipt('FROM B'));
    await b.end(); // closed before its turn: its bytes are held and still print
    await a.send(receipt('FROM A'));
    await a.send(DLE_EOT(1));
    assert.deepEqual(await a.read(1), [0x12]);
    assert.deepEqual(printer.journal().map((e) => e.receipt.text().trim()), ['FROM A'], 'b waits while a holds the printer');
    assert.equal(events.of('tcp.accepted')[1]!.data && (events.of('tcp.accepted')[1]!.data as { waiting: boolean }).waiting, true);
    const printed = receipts(printer);
    await a.end();
    await printed;
    assert.deepEqual(printer.journal().map((e) => e.receipt.text().trim()), ['FROM A', 'FROM B']);
  } finally {
    await stop();
  }
});

test('beyond maxConnections a connection is closed at once; an idle printing connection is closed after idleTimeoutMs', async () => {
  const { port, events, stop } = await netPrinter({ maxConnections: 2, idleTimeoutMs: 200 });
  try {
    const a = await RawClient.connect(port);
    const b = await RawClient.connect(port);
    const c = await RawClient.connect(port);
    await c.closed;
    await events.when('tcp.refused');
    await a.closed; // idle: the printer hangs up, and b gets its turn
    await events.when('tcp.idle-timeout');
    await events.when('tcp.printing', 2);
    await b.end();
  } finally {
    await stop();
  }
});

test('a waiting connection that floods is closed, its data discarded', async () => {
  const { printer, port, events, stop } = await netPrinter({ waitingBufferBytes: 1000 });
  try {
    const a = await RawClient.connect(port);
    await a.send(DLE_EOT(1));
    await a.read(1);
    const b = await RawClient.connect(port);
    await b.send(Buffer.alloc(2000, 0x41));
    await b.closed;
    await events.when('tcp.overflow');
    await a.end();
    await events.when('tcp.closed');
    assert.equal(printer.linesPrinted, 0);
  } finally {
    await stop();
  }
});

test('paper running out mid-receipt over TCP: the ASB change is pushed at once, the entry is cut short', async () => {
  const { printer, port, stop } = await netPrinter();
  try {
    const c = await RawClient.connect(port);
    await c.send([0x1d, 0x61, 0x0f]);
    assert.deepEqual(await c.read(4), [0x10, 0x00, 0x00, 0x00]);
    printer.setFault({ kind: 'paper-runs-out', afterLines: 3 });
    const done = receipts(printer);
    await c.send(receipt('L1', 'L2', 'L3', 'L4', 'L5'));
    assert.deepEqual(await c.read(4), [0x18, 0x00, 0x0c, 0x00], 'paper end pushed by ASB');
    await done;
    const [entry] = printer.journal();
    assert.equal(entry!.fault, 'paper-runs-out');
    assert.equal(entry!.complete, false);
    assert.deepEqual(entry!.receipt.text().trim().split('\n'), ['L1', 'L2', 'L3']);
    await c.send(DLE_EOT(4));
    assert.deepEqual(await c.read(1), [0x72]);
    await c.end();
  } finally {
    await stop();
  }
});

test('slow printing over TCP: DLE EOT is answered at once, ahead of the lines still being printed', async () => {
  const { printer, port, stop } = await netPrinter();
  try {
    printer.setFault({ kind: 'slow', mmPerSec: 5 }); // ~0.85 s per text line
    const c = await RawClient.connect(port);
    await c.send(Buffer.concat([receipt('A', 'B', 'C', 'D'), Buffer.from(DLE_EOT(1))]));
    assert.deepEqual(await c.read(1), [0x12]);
    assert.ok(printer.linesPrinted < 4, `answered while printing (${printer.linesPrinted} of 4 lines on paper)`);
    await c.end();
  } finally {
    await stop(); // prints what was waiting at once
  }
  assert.equal(printer.linesPrinted, 4);
});
