/**
 * `dut.run: process` — any firmware built for Linux, started from the profile's
 * `dut.command` with placeholders filled in, settings appended as `--set NAME=VALUE`. The
 * process is ready when it prints one line `POSBENCH_TERMINAL_READY {"ecrHost":…,"ecrPort":…}`
 * on stdout (see src/terminal/main.ts); its stderr lines go on the timeline as the
 * terminal's log. A power cycle stops the process and starts the same argv again: the
 * state directory (journal, pending reversal) is kept, the ECR port moves. A power cut is
 * SIGKILL: no handler runs, nothing more is written (the reference command is one process:
 * `node --import tsx` loads TypeScript in the same process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { READY_MARKER } from '../terminal/main';
import { settingArgs } from '../terminal/command-line';
import { PROJECT_ROOT } from '../util/project-root';
import { StateDir } from './state-dir';
import { changeCommandLine } from './command-line-check';
import type { CommandLineChange, CommandLineVerdict, DeviceUnderTest, DutAddresses, DutProfileOf, DutWiring, HostPort } from './types';
import { DutError } from './types';

/** How long a process gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 3000;

/** The placeholders `dut.command` may use, and their values. */
export function commandPlaceholders(w: { host: HostPort; printerPath: string; readerPath: string; stateDir: string }): Record<string, string> {
  return {
    node: process.execPath,
    project_root: PROJECT_ROOT,
    state_dir: w.stateDir,
    'host.address': `${w.host.host}:${w.host.port}`,
    'host.host': w.host.host,
    'host.port': String(w.host.port),
    'printer.path': w.printerPath,
    'reader.path': w.readerPath,
    'ecr.port': '0',
  };
}

/** `dut.command` with its placeholders replaced; an unknown placeholder names the known ones. */
export function expandCommand(command: readonly string[], vars: Record<string, string>, profileFile: string): string[] {
  return command.map((a) =>
    a.replace(/\{([a-z_.]+)\}/g, (m, k: string) => {
      if (!(k in vars)) throw new DutError(`${profileFile}: dut.command: unknown placeholder ${m} (known: ${Object.keys(vars).map((v) => `{${v}}`).join(' ')})`);
      return vars[k]!;
    }),
  );
}

export class ProcessDut implements DeviceUnderTest {
  readonly kind = 'process' as const;
  readonly powerCycle = 'ecr-moves' as const;
  addresses: DutAddresses | undefined;
  private child?: ChildProcess;
  private readonly log: string[] = [];
  private stateDir?: StateDir;
  private argv?: string[];
  private readonly dut: DutProfileOf<'process'>;

  constructor(private readonly wiring: DutWiring) {
    if (wiring.dut.run !== 'process') throw new DutError(`ProcessDut wants dut.run "process", got "${wiring.dut.run}"`);
    this.dut = wiring.dut;
  }

  async start(): Promise<DutAddresses> {
    if (this.argv) throw new DutError('the terminal process is already started');
    this.stateDir = new StateDir();
    const { config, host, profileFile } = this.wiring;
    const vars = commandPlaceholders({ host, printerPath: config.printerPort, readerPath: config.readerPort, stateDir: this.stateDir.path });
    this.argv = [...expandCommand(this.dut.command, vars, profileFile), ...settingArgs(this.wiring.settings)];
    return this.launch();
  }

  async restart(): Promise<DutAddresses> {
    if (!this.argv) throw new DutError('the terminal process is not started');
    await this.kill();
    return this.launch();
  }

  /** Pull the plug: SIGKILL now (synchronously); resolves once the process has exited. */
  powerCut(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.reject(new DutError('the terminal process has no power to cut (not started, or already off)'));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    this.addresses = undefined;
    this.record('bench.dut', `power cut: SIGKILL to terminal process pid ${child.pid}`, { pid: child.pid });
    return exited;
  }

  /** Power on after a cut: the same argv over the same state directory. */
  async powerOn(): Promise<DutAddresses> {
    if (!this.argv) throw new DutError('the terminal process is not started');
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) throw new DutError(`the terminal process already has power (pid ${child.pid})`);
    return this.launch();
  }

  async stop(): Promise<void> {
    try {
      await this.kill();
    } finally {
      this.stateDir?.remove();
      this.stateDir = undefined;
    }
  }

  private record(kind: string, summary: string, data?: unknown): void {
    this.wiring.evidence.record({ source: 'bench', kind, summary, ...(data === undefined ? {} : { data }) });
  }

  private launch(): Promise<DutAddresses> {
    const argv = this.argv!;
    const evidence = this.wiring.evidence;
    const timeoutMs = this.dut.ready_timeout_ms;
    const child = spawn(argv[0]!, argv.slice(1), { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.record('bench.dut', `started terminal process pid ${child.pid}`, { argv });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.log.push(line);
      evidence.record({ source: 'terminal', kind: 'terminal.log', summary: line });
    });
    const lastLog = () => this.log.slice(-20).join('\n');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new DutError(`the terminal process did not report ready within ${timeoutMs} ms (dut.ready_timeout_ms); its log:\n${lastLog()}`)), timeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        reject(e);
      };
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith(READY_MARKER)) {
          evidence.record({ source: 'terminal', kind: 'terminal.stdout', summary: line });
          return;
        }
        clearTimeout(timer);
        try {
          const a = JSON.parse(line.slice(READY_MARKER.length).trim()) as { ecrHost: string; ecrPort: number };
          this.addresses = { ecr: { host: a.ecrHost, port: a.ecrPort }, stateDir: this.stateDir!.path };
          resolve(this.addresses);
        } catch {
          fail(new DutError(`the terminal's ready line is not JSON: ${line}`));
        }
      });
      child.once('exit', (code, signal) => {
        this.record('bench.dut.exit', `terminal process exited (code ${code}, signal ${signal})`);
        fail(new DutError(`the terminal process exited before it was ready (code ${code}, signal ${signal}); its log:\n${lastLog()}`));
      });
      child.once('error', (e) => fail(new DutError(`cannot start the terminal process ${argv[0]}: ${e.message}`)));
    });
  }

  /**
   * The command line changed, started as a second process on a state directory of its own:
   * refused when it exits before its ready line (what it said: its stderr). One that starts
   * is killed at once; nothing of it stays.
   */
  async commandLineCheck(change: CommandLineChange): Promise<CommandLineVerdict> {
    const own = this.stateDir;
    if (!this.argv || !own) throw new DutError('the terminal process is not started');
    const scratch = new StateDir();
    try {
      const argv = changeCommandLine(this.argv.map((a) => a.split(own.path).join(scratch.path)), change);
      return await new Promise<CommandLineVerdict>((resolve, reject) => {
        const child = spawn(argv[0]!, argv.slice(1), { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let said = '';
        let started = false;
        child.stderr!.on('data', (d: Buffer) => (said += d.toString('utf8')));
        const timer = setTimeout(() => child.kill('SIGKILL'), this.dut.ready_timeout_ms);
        createInterface({ input: child.stdout! }).on('line', (line) => {
          if (!line.startsWith(READY_MARKER)) return;
          started = true;
          child.kill('SIGKILL');
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve({ refused: !started, said: said.trim(), exitCode: code });
        });
        child.once('error', (e) => {
          clearTimeout(timer);
          reject(new DutError(`cannot start the terminal process ${argv[0]}: ${e.message}`));
        });
      });
    } finally {
      scratch.remove();
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    await exited;
    clearTimeout(t);
  }
}
