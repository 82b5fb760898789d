/**
 * The terminal's power switch: cut the power of the device under test at a named point of
 * what it is doing, and bring it back. The points are reached by events the bench can
 * await — the issuer holding its answer, the printer's cable going dead at a byte — so a
 * cut lands at the same place on every run, on every DUT kind that has a power switch
 * (src/dut/: SIGKILL for a process, an abrupt stop that loses anything not on disk for the
 * in-process terminal; an external terminal refuses with a DutUnsupportedError).
 *
 * Every cut is an injection with the cause `power-loss` (docs/desyncs.md), recorded when
 * it is armed, and a `power-cut` event on the timeline when it happens; `power-on` when
 * the terminal is booted again.
 */
import type { EvidenceTimeline } from '../evidence/timeline';
import type { DeviceUnderTest, HostPort } from '../dut';
import type { IssuerBankEmulator } from '../../emulators/issuer-bank';
import type { PrinterEmulator } from '../../emulators/printer';
import { PosbenchError } from '../util/errors';
import type { Area } from './oracle';
import type { InjectedCause } from './injections';
import { journalToTear, tearLastRecord, type TornRecord } from './torn-journal';
import { tamper, TAMPERINGS, TamperError, type Tampering } from './storage-tamper';

/** Where the power goes. */
export const POWER_POINTS = {
  /** At once, whatever the terminal is doing (idle, or anywhere a caller picks). */
  now: 'at once',
  /** The next financial request (0200/0220) has reached the host; the host holds its answer. */
  'waiting-for-host': 'while the terminal waits for the host (the request is at the host, its answer held)',
  /** The host approved; the terminal is starting the slip's print job (its first status query). */
  'before-print': 'after the approval, before the receipt is printed',
  /** The printer has received part of the slip (MID_SLIP_BYTES of print data). */
  'mid-slip': 'in the middle of a receipt',
  /** The host has answered the settlement (0510); the terminal is starting the settlement slip. */
  'during-settlement': 'during settlement: the host has closed the batch, the settlement slip is not printed yet',
} as const;
export type PowerPoint = keyof typeof POWER_POINTS;

/** Print data (bytes, status queries not counted) a slip has sent when the power goes mid-slip: the header lines of a slip. */
export const MID_SLIP_BYTES = 160;

export type PowerState = 'on' | 'armed' | 'off';

export class PowerError extends PosbenchError {
  constructor(message: string) {
    super('POWER', message);
  }
}

export interface PowerDeps {
  timeline: EvidenceTimeline;
  dut(): DeviceUnderTest;
  issuer(): IssuerBankEmulator;
  printer(): PrinterEmulator;
  disturb<T>(cause: InjectedCause, areas: Area[], what: string, fn: () => T): T;
  /** The driver's ECR link: dropped after a cut, reconnected after power on. */
  disconnect(): Promise<void>;
  connect(ecr: HostPort): Promise<void>;
}

export class PowerSwitch {
  private current: PowerState = 'on';
  private point?: PowerPoint;
  /** The terminal's state directory as it was when the power went (a DUT forgets its addresses once off). */
  private stateDirAtCut?: string;
  /** Undo what an armed point set up (listener, issuer rule, printer cut). */
  private disarm?: () => void;
  /** The cut in progress or done: resolves when the terminal is dead. Never rejects unobserved. */
  private cutting?: Promise<void>;
  private resolveCut?: () => void;
  private rejectCut?: (e: Error) => void;
  /** How many times the power was cut on this bench. */
  cuts = 0;

  constructor(private readonly deps: PowerDeps) {}

  get state(): PowerState {
    return this.current;
  }

  /** True from the instant of a cut until the power is back. */
  get isOff(): boolean {
    return this.current === 'off';
  }

  /**
   * Cut the power at `point` (default `now`). Resolves once the power is off and the
   * terminal is dead — for an armed point, when the terminal reaches it; a caller that
   * only arms need not wait (the promise never rejects unobserved). Rejects at once when
   * the power is not on, or when the DUT's power is not the bench's to cut.
   */
  cut(point: PowerPoint = 'now'): Promise<void> {
    if (this.current !== 'on') return Promise.reject(new PowerError(`the power cannot be cut ${POWER_POINTS[point]}: it is ${this.current === 'off' ? 'already off' : `already set to fail ${POWER_POINTS[this.point!]}`}`));
    const dut = this.deps.dut();
    if (dut.powerCycle === 'impossible') return dut.powerCut();
    // A person pulls the plug when asked, not at an instant an emulator event marks.
    if (dut.kind === 'operator' && point !== 'now') return Promise.reject(new PowerError(`the power of a terminal keyed in by an operator (dut.run operator) can be cut now, not ${POWER_POINTS[point]}: a person cannot pull the plug at that instant`));
    this.point = point;
    this.cutting = new Promise<void>((resolve, reject) => {
      this.resolveCut = resolve;
      this.rejectCut = reject;
    });
    this.cutting.catch(() => undefined);
    const what = `the terminal loses power ${POWER_POINTS[point]}`;
    this.deps.disturb('power-loss', ['host', 'paper'], what, () => {
      if (point === 'now') this.pull();
      else {
        this.current = 'armed';
        this.arm(point);
      }
    });
    return this.cutting;
  }

  /** Resolves when an armed (or done) cut has happened; rejects with its error. */
  whenOff(): Promise<void> {
    if (!this.cutting) return Promise.reject(new PowerError('the power was never cut in this scenario'));
    return this.cutting;
  }

  /**
   * Power on: the terminal boots from its state directory and the driver reconnects to its
   * new ECR port. Fails when the power is on, or still armed at a point never reached.
   */
  async on(): Promise<void> {
    if (this.current === 'armed') {
      const point = this.point!;
      this.withdraw();
      throw new PowerError(`the power never failed: the terminal did not reach the point "${point}" (${POWER_POINTS[point]})`);
    }
    if (this.current !== 'off') throw new PowerError('the power is on: there is nothing to bring back');
    await this.cutting;
    const { ecr } = await this.deps.dut().powerOn();
    // The dead cable comes back only now: bytes of the dead terminal still on their way
    // (a PTY's buffer) are dropped with the rest, never taken for the new boot's.
    this.disarm?.();
    this.disarm = undefined;
    // A terminal without ECR (dut.run operator) has no link to bring back.
    if (ecr) await this.deps.connect(ecr);
    this.current = 'on';
    this.point = undefined;
    this.deps.timeline.record({ source: 'bench', kind: 'power-on', summary: `power back: the terminal booted from its state directory${ecr ? `, ECR on ${ecr.host}:${ecr.port}` : ''}`, data: { ecr } });
  }

  /**
   * Cut the power at once in the middle of a journal write: the last record of the
   * terminal's journal file is left torn as the interrupted write would have left it (half
   * of it, or with `lineEndOnly` all but its line end)
   * (torn-journal.ts), recorded on the timeline as part of the power loss. Resolves once
   * the terminal is dead; `{ skipped }`, with the power left on, where the bench cannot
   * reach the journal's file.
   */
  async cutMidJournalWrite(lineEndOnly = false): Promise<TornRecord | { skipped: string }> {
    const target = journalToTear(this.deps.dut().addresses?.stateDir);
    if ('skipped' in target) return target;
    await this.cut();
    const torn = this.deps.disturb('power-loss', ['journal'], "the power cut tore the journal's last record", () => tearLastRecord(target.file, lineEndOnly));
    this.deps.timeline.record({ source: 'bench', kind: 'power-cut.torn-write', summary: `the power cut tore the journal's last record (line ${torn.line}): ${torn.keptBytes} of its ${torn.bytes} bytes reached the disk, not its line end`, data: { ...torn } });
    return torn;
  }

  /**
   * With the power off, tamper with the terminal's stored data (storage-tamper.ts), recorded
   * as an injection on the journal (the terminal's own records). `{ skipped }` says why where
   * the bench cannot reach the files.
   */
  tamperWhileOff(kind: Tampering): Promise<{ skipped: string } | undefined> {
    return this.editWhileOff(TAMPERINGS[kind], (stateDir) => tamper(stateDir, kind));
  }

  /**
   * With the power off, change the terminal's stored data: `edit` gets the state directory
   * the terminal had when the power went (undefined when the bench does not know it), and
   * throws a TamperError when it cannot be done. Recorded as an injection on the journal,
   * `what` saying what was done.
   */
  async editWhileOff(what: string, edit: (stateDir: string | undefined) => void): Promise<{ skipped: string } | undefined> {
    if (this.current !== 'off') throw new PowerError('stored data is changed while the power is off: cut the power first');
    await this.cutting;
    try {
      this.deps.disturb('misconfiguration', ['journal'], `while the power is off, ${what}`, () => edit(this.stateDirAtCut));
    } catch (e) {
      if (e instanceof TamperError) return { skipped: e.message };
      throw e;
    }
    return undefined;
  }

  /** An armed cut is withdrawn (the bench stops); nothing happens to the terminal. */
  withdraw(): void {
    if (this.current !== 'armed') return;
    this.disarm?.();
    this.disarm = undefined;
    this.current = 'on';
    this.rejectCut?.(new PowerError(`the power cut ${POWER_POINTS[this.point!]} was withdrawn before the terminal reached it`));
    this.point = undefined;
  }

  private arm(point: Exclude<PowerPoint, 'now'>): void {
    const { timeline } = this.deps;
    const undo: (() => void)[] = [];
    this.disarm = () => {
      for (const u of undo.splice(0)) u();
    };
    const cutPrinterAt = (at: 'job-start' | { printBytes: number }) => {
      const printer = this.deps.printer();
      printer.cutInput(at, () => this.pull());
      undo.push(() => printer.restoreInput());
    };
    if (point === 'waiting-for-host') {
      const issuer = this.deps.issuer();
      const id = issuer.addRule({ description: 'power cut: hold the answer to the next financial request', match: { mti: ['0200', '0220'] }, action: { noResponse: true }, times: 'once' });
      const off = timeline.onEvent((e) => {
        if (e.source === 'issuer' && e.kind === 'iso8583.withheld') this.pull();
      });
      undo.push(off, () => {
        if (issuer.rules().some((r) => r.id === id)) issuer.removeRule(id);
      });
    } else if (point === 'before-print') cutPrinterAt('job-start');
    else if (point === 'mid-slip') cutPrinterAt({ printBytes: MID_SLIP_BYTES });
    else {
      const off = timeline.onEvent((e) => {
        if (e.source !== 'issuer' || e.kind !== 'iso8583.out' || (e.data as { mti?: string } | undefined)?.mti !== '0510') return;
        off();
        cutPrinterAt('job-start');
      });
      undo.push(off);
    }
  }

  /**
   * The cut itself. Synchronous up to the DUT's own cut (so a point reached inside an
   * emulator's event lands before the terminal can do anything more), then waits for the
   * terminal to be dead and drops the driver's ECR link.
   */
  private pull(): void {
    if (this.current === 'off') return;
    const point = this.point ?? 'now';
    this.current = 'off';
    this.cuts++;
    // What the point set up (a listener, the printer's dead cable) stays until the power is back.
    this.deps.timeline.record({ source: 'bench', kind: 'power-cut', summary: `power cut ${POWER_POINTS[point]}`, data: { point, cause: 'power-loss' } });
    let dying: Promise<void>;
    this.stateDirAtCut = this.deps.dut().addresses?.stateDir;
    try {
      dying = this.deps.dut().powerCut();
    } catch (e) {
      dying = Promise.reject(e);
    }
    dying
      .then(() => this.deps.disconnect())
      .then(
        () => this.resolveCut?.(),
        (e: Error) => this.rejectCut?.(e),
      );
  }
}
