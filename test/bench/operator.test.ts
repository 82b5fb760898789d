/**
 * Operator prompts (src/bench/operator.ts) with fake TTY streams: confirmed (who and when on
 * the timeline), timed out and refused (the step fails, naming what was not done), and a run
 * that is not interactive (skipped at once with the reason; nothing is asked, nothing waits).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { Operator, OperatorRefusedError, OperatorTimeoutError, presentCardAction, type OperatorStreams } from '../../src/bench/operator';

function fakeStreams(tty: { input: boolean; output: boolean } = { input: true, output: true }): OperatorStreams & { written: () => string; input: PassThrough } {
  const input = Object.assign(new PassThrough(), { isTTY: tty.input });
  const output = Object.assign(new PassThrough(), { isTTY: tty.output });
  let text = '';
  output.on('data', (c: Buffer) => (text += c.toString()));
  return { input, output, written: () => text };
}

/** Resolve once the prompt is on the output (the operator sees it), then answer `line`. */
function answerWhenAsked(streams: ReturnType<typeof fakeStreams>, line: string): void {
  const check = () => {
    if (streams.written().includes('Press Enter')) streams.input.write(line);
    else setImmediate(check);
  };
  check();
}

test('confirmed: the operator sees what to do, presses Enter, and who and when go on the timeline', async () => {
  const timeline = new EvidenceTimeline();
  const streams = fakeStreams();
  const op = new Operator({ evidence: timeline, streams, who: 'technician-7', timeoutMs: 5000 });
  assert.equal(op.interactive, true);
  answerWhenAsked(streams, '\n');
  const outcome = await op.ask('open the cover of the real printer');
  assert.equal(outcome.status, 'confirmed');
  assert.ok(outcome.status === 'confirmed' && outcome.by === 'technician-7' && !Number.isNaN(Date.parse(outcome.at)));
  assert.match(streams.written(), /Operator: please open the cover of the real printer\./);
  assert.match(streams.written(), /\(5 s\)/, 'the prompt says how long it waits');
  const kinds = timeline.all().map((e) => e.kind);
  assert.deepEqual(kinds, ['operator.prompt', 'operator.confirmed']);
  const confirmed = timeline.all()[1]!;
  assert.match(confirmed.summary, /^technician-7 confirmed: open the cover of the real printer/);
  assert.deepEqual(Object.keys(confirmed.data as object).sort(), ['action', 'at', 'by', 'waitedMs']);
});

test('who confirms: POSBENCH_OPERATOR, else the OS user', () => {
  const saved = process.env.POSBENCH_OPERATOR;
  try {
    process.env.POSBENCH_OPERATOR = 'Li Wei';
    assert.equal(new Operator({ evidence: new EvidenceTimeline(), streams: fakeStreams() }).who, 'Li Wei');
    delete process.env.POSBENCH_OPERATOR;
    assert.ok(new Operator({ evidence: new EvidenceTimeline(), streams: fakeStreams() }).who.length > 0);
  } finally {
    if (saved === undefined) delete process.env.POSBENCH_OPERATOR;
    else process.env.POSBENCH_OPERATOR = saved;
  }
});

test('timed out: nobody answers, the step fails with a message naming the action and the wait', async () => {
  const timeline = new EvidenceTimeline();
  const streams = fakeStreams();
  const op = new Operator({ evidence: timeline, streams, who: 't', timeoutMs: 60 });
  await assert.rejects(op.ask('load a paper roll into the real printer'), (e: unknown) => {
    assert.ok(e instanceof OperatorTimeoutError);
    assert.equal(e.code, 'OPERATOR_TIMEOUT');
    assert.match(e.message, /nobody confirmed "load a paper roll into the real printer" within 60 ms \(set POSBENCH_OPERATOR_TIMEOUT_MS/);
    return true;
  });
  assert.deepEqual(timeline.all().map((e) => e.kind), ['operator.prompt', 'operator.timeout']);
  assert.match(streams.written(), /no answer within/);
});

test('refused ("n") and input that ends: the step fails, it does not wait for the timeout', async () => {
  const streams = fakeStreams();
  const op = new Operator({ evidence: new EvidenceTimeline(), streams, who: 'tech', timeoutMs: 60_000 });
  answerWhenAsked(streams, 'n\n');
  await assert.rejects(op.ask('switch the real printer off'), (e: unknown) => e instanceof OperatorRefusedError && /tech answered that "switch the real printer off" was not done/.test(e.message));
  const ended = fakeStreams();
  const started = Date.now();
  const op2 = new Operator({ evidence: new EvidenceTimeline(), streams: ended, who: 'tech', timeoutMs: 60_000 });
  const asked = op2.ask('close the cover of the real printer');
  ended.input.end();
  await assert.rejects(asked, (e: unknown) => e instanceof OperatorTimeoutError && /the input ended/.test(e.message));
  assert.ok(Date.now() - started < 5000, 'an ended input fails at once');
});

test('not interactive (stdin or stdout not a TTY): skipped at once with the reason, nothing is asked', async () => {
  for (const tty of [{ input: false, output: true }, { input: true, output: false }, { input: false, output: false }]) {
    const timeline = new EvidenceTimeline();
    const streams = fakeStreams(tty);
    const op = new Operator({ evidence: timeline, streams, who: 'nobody', timeoutMs: 60_000 });
    assert.equal(op.interactive, false);
    const outcome = await op.ask('take the paper roll out of the real printer');
    assert.deepEqual(outcome, {
      status: 'skipped',
      reason: 'this step needs a person at the bench to take the paper roll out of the real printer, and the run is not interactive (stdin and stdout are not both a terminal)',
    });
    assert.equal(streams.written(), '', 'nothing is printed for nobody to read');
    const events = timeline.all();
    assert.deepEqual(events.map((e) => e.kind), ['operator.skipped']);
    assert.match(events[0]!.summary, /^skipped: this step needs a person at the bench to take the paper roll out/);
  }
});

test('a bad POSBENCH_OPERATOR_TIMEOUT_MS is a typed error naming the variable', () => {
  const saved = process.env.POSBENCH_OPERATOR_TIMEOUT_MS;
  try {
    process.env.POSBENCH_OPERATOR_TIMEOUT_MS = '2 minutes';
    assert.throws(() => new Operator({ evidence: new EvidenceTimeline(), streams: fakeStreams() }), /POSBENCH_OPERATOR_TIMEOUT_MS: "2 minutes" is not a positive whole number/);
    process.env.POSBENCH_OPERATOR_TIMEOUT_MS = '1500';
    assert.equal(new Operator({ evidence: new EvidenceTimeline(), streams: fakeStreams() }).timeoutMs, 1500);
  } finally {
    if (saved === undefined) delete process.env.POSBENCH_OPERATOR_TIMEOUT_MS;
    else process.env.POSBENCH_OPERATOR_TIMEOUT_MS = saved;
  }
});

test('the card prompt says how to present it and masks the PAN', () => {
  assert.equal(presentCardAction('UNIONPAY_CHIP', { presentation: 'chip', maskedPan: '622848******1234' }), 'insert the chip of the test card UNIONPAY_CHIP (622848******1234) into the reader');
  assert.equal(presentCardAction('VISA_TAP', { presentation: 'tap', maskedPan: '476173******0010' }), 'tap the test card VISA_TAP (476173******0010) on the reader');
  assert.equal(presentCardAction('MAG', { presentation: 'swipe', maskedPan: '622848******9999' }), 'swipe the test card MAG (622848******9999) through the reader');
});
