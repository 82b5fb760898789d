/**
 * A fake technician for `dut.run: operator` benches: reads each operator prompt, does with
 * its "hands" what the prompt says — on a reference terminal it powers on itself, pointed at
 * the addresses the prompt names, driven over that terminal's own ECR port (which the bench
 * never sees), with the test cards presented on its own card reader emulator — and then
 * presses Enter (or types n when the display does not show what it was asked to check).
 * What the terminal answered over ECR is kept (`results`), so a test can compare the
 * operator driver's results, built from the wire and the paper, with what really happened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { TerminalRuntime } from '../../src/terminal/runtime';
import { applySettings, DEFAULT_TERMINAL_CONFIG, type TerminalConfig } from '../../src/terminal/config';
import { EcrTerminalDriver } from '../../src/bench/terminal-driver';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { waitOnTimeline } from '../../src/bench/wait';
import { CardReaderEmulator } from '../../emulators/card-reader';
import { loadCardCatalog } from '../../src/cards';
import { createMockSerialPair } from '../../src/transports';
import type { OperatorStreams } from '../../src/bench/operator';
import type { SettlementResult, TxnResult } from '../../src/protocols/ecr/contract';

const PROMPT = /Operator: please ([\s\S]*?)\.\r?\n\[posbench\] Press Enter/g;

export class OperatorHands {
  /** Every action asked for, in order. */
  readonly asked: string[] = [];
  /** What the terminal answered over its own ECR to each transaction keyed in. */
  readonly results: TxnResult[] = [];
  /** What the terminal answered over its own ECR to each settlement keyed in. */
  readonly settlements: SettlementResult[] = [];
  /** Called with each action before the hands carry it out (a test disturbs the bench there). */
  before?: (action: string) => Promise<void> | void;
  /** Defects switched on in the terminal the hands power on (its "firmware"). */
  defects: TerminalConfig['defects'] = [];
  private runtime?: TerminalRuntime;
  private driver?: EcrTerminalDriver;
  private ecrTimeline = new EvidenceTimeline();
  private reader?: CardReaderEmulator;
  private stateDir?: string;
  private seen = '';
  private handled = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly catalog = loadCardCatalog();

  /** Prompts arrive as `feed(text)`; the answer goes to `answer(line)`. */
  constructor(private readonly answer: (line: string) => void) {}

  /** Fake TTY streams for a Bench (operatorStreams) answered by these hands. */
  static streams(): { streams: OperatorStreams; hands: OperatorHands } {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = Object.assign(new PassThrough(), { isTTY: true });
    const hands = new OperatorHands((line) => input.write(line));
    output.on('data', (d: Buffer) => hands.feed(d.toString()));
    return { streams: { input, output }, hands };
  }

  feed(text: string): void {
    this.seen += text;
    const prompts = [...this.seen.matchAll(PROMPT)].map((m) => m[1]!.replace(/\s+/g, ' '));
    for (; this.handled < prompts.length; this.handled++) {
      const action = prompts[this.handled]!;
      this.asked.push(action);
      this.queue = this.queue.then(() => this.act(action)).then(
        (ok) => this.answer(ok ? '\n' : 'n\n'),
        (e: Error) => {
          process.stderr.write(`operator hands failed on "${action}": ${e.stack}\n`);
          this.answer('n\n');
        },
      );
    }
  }

  private async act(action: string): Promise<boolean> {
    await this.before?.(action);
    const on = /^power on the terminal .*?, set its acquirer host address to (\S+) and its network printer to (tcp:\/\/[\d.]+:\d+)(?:, with the settings (.*?))?, and wait/.exec(action);
    if (on) return this.powerOn(on[1]!, on[2]!, on[3]);
    const d = this.driver;
    if (!d) throw new Error(`the terminal is off: cannot "${action}"`);
    const keyed = /key in (SALE|REFUND|VOID) ?([\d.]*)(?: of trace (\d{6}))?.*?, (?:insert the chip of|swipe|tap) the test card (\w+)/.exec(action);
    if (keyed) {
      const [, what, amount, trace, card] = keyed;
      const minor = Math.round(Number(amount) * 100);
      const txn = what === 'SALE' ? d.sale(minor) : what === 'REFUND' ? d.refund(minor, trace) : d.voidLast(trace);
      txn.catch(() => undefined);
      await this.until(() => /PRESENT CARD/.test(d.display));
      await this.reader!.present(card!);
      this.results.push(await txn);
      if (this.catalog.get(card!).presentation === 'chip') await this.reader!.remove();
      return true;
    }
    if (/key in SIGN ON/.test(action)) return (await d.signOn(), true);
    if (/key in SETTLEMENT/.test(action)) return (this.settlements.push(await d.settle()), true);
    if (/key in REPRINT/.test(action)) return (await d.reprint(), true);
    const set = /set (\w+) to "(.*)" in its settings menu/.exec(action);
    if (set) return (await d.setSetting(set[1]!, set[2]!), true);
    const check = /check that the display shows "(.*)"/.exec(action);
    if (check) return d.display.includes(check[1]!);
    if (/^switch the terminal .* off and on again/.test(action)) return (await this.runtime!.restart(), true);
    throw new Error(`the hands do not know how to "${action}"`);
  }

  private async powerOn(host: string, printer: string, settings?: string): Promise<boolean> {
    await this.switchOff();
    const given = Object.fromEntries((settings ?? '').split(', ').filter(Boolean).map((kv) => kv.split(' = ') as [string, string]));
    const [bench, terminal] = createMockSerialPair({ label: 'hands-reader' });
    await bench.open();
    this.reader = new CardReaderEmulator({ catalog: this.catalog, seed: 1 });
    this.reader.attach(bench);
    this.stateDir = mkdtempSync(join(tmpdir(), 'posbench-hands-'));
    const config = { ...applySettings({ ...DEFAULT_TERMINAL_CONFIG }, given), hostAddress: host, printerPort: printer, readerPort: (terminal as unknown as { path: string }).path, defects: this.defects };
    this.runtime = new TerminalRuntime({ config, stateDir: this.stateDir, openPrinter: () => Promise.reject(new Error('a network printer only')), openReader: async () => (await terminal.open(), terminal) });
    const a = await this.runtime.start();
    this.ecrTimeline = new EvidenceTimeline();
    this.driver = new EcrTerminalDriver(this.ecrTimeline);
    await this.driver.connect(a.ecrHost, a.ecrPort);
    return true;
  }

  /** Wait until the terminal's display (on the hands' own ECR timeline) satisfies pred. */
  private async until(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (!(await waitOnTimeline(this.ecrTimeline, pred, timeoutMs))) throw new Error(`the terminal did not get there within ${timeoutMs} ms (it shows "${this.driver?.display}")`);
  }

  /** The technician goes home: the terminal is switched off, nothing left behind. */
  async stop(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.switchOff();
  }

  private async switchOff(): Promise<void> {
    await this.driver?.close();
    await this.runtime?.stop().catch(() => undefined);
    this.reader?.detach();
    if (this.stateDir) rmSync(this.stateDir, { recursive: true, force: true });
    this.driver = undefined;
    this.runtime = undefined;
    this.reader = undefined;
    this.stateDir = undefined;
  }
}
