/**
 * The device under test, behind one contract. A bench starts exactly one DUT, of the kind
 * its hardware profile names in `dut.run` (chosen once, in registry.ts), and from then on
 * sees only this interface: start it, learn its addresses, power-cycle it, stop it.
 *
 * Kinds today (one file each):
 * - `in-process` — the reference terminal inside the bench process (in-process.ts);
 * - `process`    — any Linux firmware build started from `dut.command` (process.ts);
 * - `external`   — a terminal that is already running; the profile gives its ECR address
 *                  (external.ts).
 * - `operator`   — a terminal without ECR, driven by a person told what to key in
 *                  (operator.ts): the same contract, with `addresses.ecr` absent.
 */
import type { Transport } from '../transports/types';
import type { EvidenceSink } from '../evidence/types';
import type { TerminalConfig } from '../terminal/config';
import type { DutProfile } from './schema';
import { PosbenchError } from '../util/errors';

/** The `dut` section of a profile, one variant per kind (a discriminated union on `run`, schema.ts). */
export type { DutProfile };
export type DutKind = DutProfile['run'];
export type DutProfileOf<K extends DutKind> = Extract<DutProfile, { run: K }>;

export interface HostPort {
  host: string;
  port: number;
}

/** Where the bench reaches a started DUT. */
export interface DutAddresses {
  /** Its ECR port: the steps drive the terminal through it. Absent for an operator terminal (no ECR). */
  ecr?: HostPort;
  /** Why the DUT is not running: nobody could be asked to power it on (an operator terminal in a run that is not interactive). */
  unattended?: string;
  /** The directory holding its journal and state, when the bench owns one (in-process, process). */
  stateDir?: string;
}

/** What the bench hands a DUT when it creates it. */
export interface DutWiring {
  /** The profile's `dut` section. */
  dut: DutProfile;
  /** The profile file, for error messages. */
  profileFile: string;
  /** The terminal configuration the bench derived: host address, port paths, settings. */
  config: TerminalConfig;
  /**
   * The settings a terminal the bench starts gets (a process: as --set NAME=VALUE): the
   * profile's `dut.settings` plus those the bench derives from the profile's printer section
   * (printer_baud from printer.link.line.baud, paper_columns, printer_encoding). Already
   * applied to `config`.
   */
  settings: Record<string, string | number | boolean>;
  /** Where the terminal reaches its acquirer host (the network proxy on an emulated bench). */
  host: HostPort;
  /**
   * Opens a serial port by the path the terminal was given (the in-process terminal uses
   * it: the bench lends its end of a mock cable, or opens a PTY end). Rejects for a path
   * the bench does not know.
   */
  openPort(path: string, baudRate?: number): Promise<Transport>;
  /** Where the terminal's log lines and the DUT's life-cycle go. */
  evidence: EvidenceSink;
  /** Asks the person at the bench (src/bench/operator.ts); the operator kind needs it. */
  ask?: (action: string) => Promise<{ status: 'confirmed' } | { status: 'skipped'; reason: string }>;
}

/**
 * The contract every kind implements.
 *
 * - `start()` resolves once the DUT accepts ECR connections, with its addresses; a DUT that
 *   cannot start rejects with a DutError that says why (and, for a process, its last log
 *   lines). Call it once.
 * - `restart()` is a power cycle: memory is lost, the journal, settings changed at run time
 *   and a pending reversal survive. It resolves with the addresses after the restart (the
 *   ECR port may move). When `ecrSurvivesRestart` is false, the ECR connection drops and
 *   the caller reconnects to the new address; when true, an open ECR connection stays up.
 *   A kind the bench cannot power-cycle rejects with a DutError saying who can.
 * - `stop()` leaves no process, port, timer or file behind; it is safe to call twice,
 *   and after a failed start, and while the power is off.
 * - `powerCut()` pulls the plug: no graceful close, whatever the terminal had not written
 *   to its state directory is lost. The power is off the instant it is called (the
 *   synchronous part: a process gets SIGKILL, the in-process terminal's store stops
 *   writing); the promise resolves once the terminal is dead and its ports are gone.
 *   `powerOn()` boots it again from its state directory and resolves with the new
 *   addresses (the ECR port moves, for every kind). A kind whose power the bench does not
 *   control rejects both with a DutUnsupportedError.
 */
export type PowerCycle = 'ecr-stays' | 'ecr-moves' | 'impossible';

/** How the command line is changed: options appended, or one option (and the value after it) left out. */
export type CommandLineChange = { add: string[] } | { drop: string };

/** What the terminal did with the changed command line. */
export interface CommandLineVerdict {
  /** It would not start. */
  refused: boolean;
  /** What it said: the error (in-process), its stderr (a process). */
  said: string;
  /** A process's exit code (64, EX_USAGE, for the reference terminal's usage errors). */
  exitCode?: number | null;
}

export interface DeviceUnderTest {
  readonly kind: DutKind;
  readonly powerCycle: PowerCycle;
  /** The addresses from the last start/restart; undefined before. */
  readonly addresses: DutAddresses | undefined;
  start(): Promise<DutAddresses>;
  restart(): Promise<DutAddresses>;
  powerCut(): Promise<void>;
  powerOn(): Promise<DutAddresses>;
  stop(): Promise<void>;
  /**
   * Whether the terminal takes its command line changed so (src/dut/command-line-check.ts):
   * a second start on a state directory of its own, which is gone again when this resolves.
   * Only a terminal the bench starts from a command line has it (in-process, process).
   */
  commandLineCheck?(change: CommandLineChange): Promise<CommandLineVerdict>;
}

export class DutError extends PosbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DUT', message, options);
  }
}

/** The profile's `dut` section, checked to be of the kind the implementation `who` serves. */
export function dutProfileOf<K extends DutKind>(wiring: DutWiring, kind: K, who: string): DutProfileOf<K> {
  if (wiring.dut.run !== kind) throw new DutError(`${who} wants dut.run "${kind}", got "${wiring.dut.run}"`);
  return wiring.dut as DutProfileOf<K>;
}

/** An operation this kind of DUT cannot do from the bench (an external terminal's power, …). */
export class DutUnsupportedError extends DutError {
  constructor(
    readonly operation: 'restart' | 'power-cut' | 'power-on',
    readonly kind: DutKind,
    message: string,
  ) {
    super(message);
  }
}
