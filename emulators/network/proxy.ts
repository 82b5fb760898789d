/**
 * NetworkProxy — a TCP proxy between the terminal and the issuer that injects faults:
 * Toxiproxy's byte-level faults and ISO 8583 message-level faults. See README.md.
 */
import net from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Dialect } from '../../src/protocols/iso8583/types';
import type { LengthHeaderKind } from '../../src/protocols/framing/length-prefix';
import type { EvidenceSink } from '../../src/evidence/types';
import { nullEvidence } from '../../src/evidence/types';
import type { Clock } from '../../src/util/clock';
import { systemClock } from '../../src/util/clock';
import { SeededRandom } from '../../src/util/random';
import { LinkFaultContext } from './context';
import type { ContextHost } from './context';
import { FAULT_TYPES } from './faults';
import type { Fault, FireInput, ProxyControl } from './faults/types';
import { Link } from './link';
import type { LinkHost } from './link';
import { describeRef } from './message';
import type { FrameTap } from './wire-tap';
import { FaultConfigError, ProxyStateError, UnknownFaultError } from './types';
import type { FaultSpec, FaultSpecInput, FiredFault, Stream } from './types';

export interface NetworkProxyOptions {
  /** Proxy name in the control API (Toxiproxy's /proxies/{name}). Default "issuer". */
  name?: string;
  /** Default 127.0.0.1. */
  listenHost?: string;
  /** Default 0 (a free port). */
  listenPort?: number;
  targetHost: string;
  targetPort: number;
  /** How ISO 8583 messages are framed on the wire. Default 'binary2'. 'none' disables message faults. */
  lengthHeader?: LengthHeaderKind;
  /** Reads MTI / field 11 / field 39 for message faults and evidence. */
  dialect?: Dialect;
  evidence?: EvidenceSink;
  /** Seed for toxicity draws, jitter and slicing. Default 1. */
  seed?: number;
  clock?: Clock;
  /** The terminal's host timeout, for hold_response's "N ms after the timeout". */
  hostTimeoutMs?: number;
  /** Wire tap: every frame as the host saw it (wire-tap.ts); needs a length header. */
  tap?: FrameTap;
}

/** The key in downBy of a proxy taken down through setEnabled(false) (not a fault). */
const DISABLED = '\u0000disabled';

export class FaultExistsError extends FaultConfigError {
  constructor(name: string) {
    super(`${name}.name`, `a fault named "${name}" already exists`);
  }
}

export class NetworkProxy implements LinkHost, ContextHost, ProxyControl {
  readonly name: string;
  readonly lengthHeader: LengthHeaderKind;
  readonly dialect: Dialect | undefined;
  private readonly evidence: EvidenceSink;
  private readonly clock: Clock;
  private readonly random: SeededRandom;
  private listenHost: string;
  private listenPort: number;
  private targetHost: string;
  private targetPort: number;
  private server: Server | undefined;
  private started = false;
  private readonly links = new Set<Link>();
  private nextLinkId = 1;
  private readonly faultList: Fault[] = [];
  private readonly fired: FiredFault[] = [];
  private readonly downBy = new Set<string>();
  private listenerChange: Promise<void> = Promise.resolve();
  faultsVersion = 0;
  readonly tap: FrameTap | undefined;

  constructor(private readonly opts: NetworkProxyOptions) {
    this.name = opts.name ?? 'issuer';
    this.lengthHeader = opts.lengthHeader ?? 'binary2';
    this.dialect = opts.dialect;
    this.evidence = opts.evidence ?? nullEvidence;
    this.clock = opts.clock ?? systemClock;
    this.random = new SeededRandom(opts.seed ?? 1);
    this.listenHost = opts.listenHost ?? '127.0.0.1';
    this.listenPort = opts.listenPort ?? 0;
    this.targetHost = opts.targetHost;
    this.targetPort = opts.targetPort;
    this.tap = opts.tap;
  }

  get target(): { host: string; port: number } {
    return { host: this.targetHost, port: this.targetPort };
  }

  /** Where it listens (the port is the bound one once started; 0 before, when a free one was asked for). */
  get listenAddress(): { host: string; port: number } {
    return { host: this.listenHost, port: this.listenPort };
  }

  /** Toxiproxy's `enabled`: false when taken down through setEnabled (a `down` fault is separate). */
  get enabled(): boolean {
    return !this.downBy.has(DISABLED);
  }

  /**
   * Take the proxy down (listener closed, open connections cut) or bring it back, as
   * Toxiproxy's `POST /proxies/{name} {"enabled": …}` does.
   */
  setEnabled(enabled: boolean): void {
    if (enabled === this.enabled) return;
    this.recordNote(enabled ? 'proxy.enabled' : 'proxy.disabled', `network proxy ${this.name} ${enabled ? 'enabled' : 'disabled'}`);
    this.setDown(DISABLED, !enabled);
  }

  /**
   * Move the listener and/or the upstream (Toxiproxy: changing `listen` or `upstream`
   * restarts the proxy and drops active connections). Faults stay.
   */
  async reconfigure(to: { listen?: { host: string; port: number }; upstream?: { host: string; port: number } }): Promise<void> {
    await this.listenerChange.catch(() => undefined);
    for (const link of [...this.links]) link.reset();
    await this.closeListener();
    if (to.listen) {
      this.listenHost = to.listen.host;
      this.listenPort = to.listen.port;
    }
    if (to.upstream) {
      this.targetHost = to.upstream.host;
      this.targetPort = to.upstream.port;
    }
    this.recordNote('proxy.reconfigured', `network proxy ${this.name} ${this.listenHost}:${this.listenPort} → ${this.targetHost}:${this.targetPort}`, {
      listen: { host: this.listenHost, port: this.listenPort },
      target: this.target,
    });
    if (this.started) await this.listen();
  }

  /** Where the terminal should connect (after start()). */
  get address(): { host: string; port: number } {
    if (!this.started) throw new ProxyStateError(`proxy ${this.name} is not started`);
    return { host: this.listenHost, port: this.listenPort };
  }

  get isDown(): boolean {
    return this.downBy.size > 0;
  }

  /** Number of open proxied connections. */
  get connectionCount(): number {
    return this.links.size;
  }

  async start(): Promise<{ host: string; port: number }> {
    if (this.started) throw new ProxyStateError(`proxy ${this.name} is already started`);
    this.started = true;
    // Bind even when a `down` fault is already in place, so the port is known; then close it.
    try {
      await this.listen(true);
    } catch (err) {
      this.started = false; // never listened: no address, and start() may be tried again
      throw err;
    }
    if (this.isDown) await this.closeListener();
    this.evidence.record({
      source: 'network',
      kind: 'proxy.started',
      summary: `network proxy ${this.name} ${this.listenHost}:${this.listenPort} → ${this.targetHost}:${this.targetPort}`,
      data: { listen: { host: this.listenHost, port: this.listenPort }, target: this.target, lengthHeader: this.lengthHeader },
    });
    return { host: this.listenHost, port: this.listenPort };
  }

  /** Closes the listener, every proxied connection and every fault timer. (A control API served around it is closed by whoever started it.) */
  async stop(): Promise<void> {
    // Not started from here on: a listener change queued meanwhile (the network coming back
    // up during teardown) must not open a listener again.
    const wasStarted = this.started;
    this.started = false;
    await this.listenerChange.catch(() => undefined);
    const closing: Promise<void>[] = [];
    if (this.server) closing.push(this.closeListener());
    for (const link of [...this.links]) link.destroy();
    await Promise.all(closing);
    if (wasStarted) this.evidence.record({ source: 'network', kind: 'proxy.stopped', summary: `network proxy ${this.name} stopped` });
  }

  /** Resolves once a pending listener change (down / back up) has taken effect. */
  settled(): Promise<void> {
    return this.listenerChange;
  }

  addFault(input: FaultSpecInput): string {
    const spec = this.normalize(input);
    const def = FAULT_TYPES[spec.type];
    const fault = def.create(spec, this.opts.hostTimeoutMs !== undefined ? { hostTimeoutMs: this.opts.hostTimeoutMs } : {});
    this.faultList.push(fault);
    this.faultsVersion++;
    this.evidence.record({
      source: 'network',
      kind: 'fault.added',
      summary: `fault ${spec.name} added: ${spec.type} ${spec.stream}${spec.toxicity < 1 ? ` toxicity ${spec.toxicity}` : ''} ${JSON.stringify(spec.attributes)}`,
      data: spec,
    });
    if (fault.activate) fault.activate(this);
    else for (const link of this.links) this.attach(link, fault);
    return spec.name;
  }

  removeFault(name: string): void {
    const i = this.faultList.findIndex((f) => f.spec.name === name);
    if (i < 0) throw new UnknownFaultError(name);
    const fault = this.faultList[i] as Fault;
    this.faultList.splice(i, 1);
    fault.removed = true;
    this.faultsVersion++;
    for (const link of this.links) link.removeContext(fault);
    fault.deactivate?.(this);
    this.evidence.record({ source: 'network', kind: 'fault.removed', summary: `fault ${name} removed (${fault.spec.type})`, data: { name, type: fault.spec.type } });
  }

  /** Removes every fault (the network recovers). */
  resetFaults(): void {
    for (const f of [...this.faultList].reverse()) this.removeFault(f.spec.name);
  }

  faults(): FaultSpec[] {
    return this.faultList.map((f) => structuredClone(f.spec));
  }

  fault(name: string): FaultSpec | undefined {
    const f = this.faultList.find((x) => x.spec.name === name);
    return f ? structuredClone(f.spec) : undefined;
  }

  /** Every firing so far, oldest first. */
  firedFaults(): FiredFault[] {
    return this.fired.map((f) => ({ ...f }));
  }

  // ---- LinkHost / ContextHost / ProxyControl ----

  activeFaults(): readonly Fault[] {
    return this.faultList;
  }

  linkFinished(link: Link): void {
    if (!this.links.delete(link)) return;
    this.evidence.record({ source: 'network', kind: 'connection.closed', summary: `connection #${link.id} closed`, data: { connection: link.id } });
  }

  recordFire(fault: Fault, connection: number | undefined, input: FireInput): FiredFault {
    const stream: Stream = input.stream ?? fault.spec.stream;
    const fired: FiredFault = {
      at: this.clock.now(),
      name: fault.spec.name,
      type: fault.spec.type,
      stream,
      ...(connection !== undefined ? { connection } : {}),
      action: input.action,
      ...(input.message ? { message: input.message } : {}),
      ...(input.detail ? { detail: input.detail } : {}),
    };
    this.fired.push(fired);
    const where = connection !== undefined ? ` on connection #${connection}` : '';
    this.evidence.record({
      source: 'network',
      kind: 'fault.fired',
      summary: `${fault.spec.name} (${fault.spec.type}): ${input.action} ${input.message ? describeRef(input.message) : stream}${where}`,
      data: fired,
    });
    return fired;
  }

  recordNote(kind: string, summary: string, data?: Record<string, unknown>): void {
    this.evidence.record({ source: 'network', kind, summary, ...(data ? { data } : {}) });
  }

  setDown(faultName: string, down: boolean): void {
    const wasDown = this.isDown;
    if (down) this.downBy.add(faultName);
    else this.downBy.delete(faultName);
    if (wasDown === this.isDown) return;
    const fault = this.faultList.find((f) => f.spec.name === faultName);
    if (this.isDown) {
      const cut = this.links.size;
      for (const link of [...this.links]) link.reset();
      if (fault) this.recordFire(fault, undefined, { action: 'down', detail: { cutConnections: cut } });
      if (this.server) this.changeListener(() => this.closeListener());
    } else {
      if (faultName !== DISABLED) this.recordNote('network.up', `network proxy ${this.name} is up again`, { fault: faultName });
      if (this.started) this.changeListener(() => this.listen());
    }
  }

  // ---- internals ----

  private changeListener(step: () => Promise<void>): void {
    this.listenerChange = this.listenerChange
      .catch(() => undefined)
      .then(step)
      .catch((err: unknown) => {
        this.recordNote('proxy.error', `network proxy ${this.name}: listener change failed: ${String(err)}`);
        throw err;
      });
    this.listenerChange.catch(() => undefined);
  }

  private listen(evenIfDown = false): Promise<void> {
    if (this.server || !this.started || (this.isDown && !evenIfDown)) return Promise.resolve();
    const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, this.listenHost, () => {
        server.off('error', reject);
        server.on('error', (err) => this.recordNote('proxy.error', `network proxy ${this.name}: ${err.message}`));
        const addr = server.address();
        if (addr && typeof addr === 'object') this.listenPort = addr.port;
        resolve();
      });
    }).catch((err: unknown) => {
      this.server = undefined;
      throw new ProxyStateError(`proxy ${this.name} cannot listen on ${this.listenHost}:${this.listenPort}`, { cause: err });
    });
  }

  private closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.isDown || !this.started) {
      client.destroy();
      return;
    }
    client.setNoDelay(true);
    const server = net.connect({ host: this.targetHost, port: this.targetPort, allowHalfOpen: true, noDelay: true });
    const link = new Link(this, this.nextLinkId++, client, server);
    this.links.add(link);
    this.evidence.record({
      source: 'network',
      kind: 'connection.opened',
      summary: `connection #${link.id} from ${client.remoteAddress}:${client.remotePort}`,
      data: { connection: link.id },
    });
    for (const fault of this.faultList) if (!fault.activate) this.attach(link, fault);
  }

  private attach(link: Link, fault: Fault): void {
    const random = this.random.fork(`${fault.spec.name}#${link.id}`);
    const toxic = random.next() < fault.spec.toxicity;
    const ctx = new LinkFaultContext(fault, link, random, toxic, this);
    link.addContext(fault, ctx);
    if (toxic) fault.attach?.(ctx);
  }

  private normalize(input: FaultSpecInput): FaultSpec {
    const raw = input as unknown as Record<string, unknown>;
    if (!raw || typeof raw !== 'object') throw new FaultConfigError('spec', 'a fault is an object {name, type, stream, toxicity, attributes}');
    for (const key of Object.keys(raw)) {
      if (!['name', 'type', 'stream', 'toxicity', 'attributes'].includes(key)) throw new FaultConfigError(key, `unknown key "${key}"`);
    }
    const type = raw.type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(FAULT_TYPES, type)) {
      throw new FaultConfigError('type', `unknown fault type ${JSON.stringify(type)}; known: ${Object.keys(FAULT_TYPES).join(', ')}`);
    }
    const def = FAULT_TYPES[type as keyof typeof FAULT_TYPES];
    const stream = raw.stream ?? def.fixedStream ?? def.defaultStream;
    if (stream !== 'upstream' && stream !== 'downstream') throw new FaultConfigError('stream', `stream must be "upstream" or "downstream", not ${JSON.stringify(stream)}`);
    const name = raw.name ?? `${type}_${stream}`;
    if (typeof name !== 'string' || name.length === 0) throw new FaultConfigError('name', 'name must be a non-empty string');
    if (this.faultList.some((f) => f.spec.name === name)) throw new FaultExistsError(name);
    if (def.fixedStream && stream !== def.fixedStream) throw new FaultConfigError(`${name}.stream`, `${type} acts on the ${def.fixedStream} stream only`);
    const toxicity = raw.toxicity ?? 1;
    if (typeof toxicity !== 'number' || !(toxicity >= 0 && toxicity <= 1)) throw new FaultConfigError(`${name}.toxicity`, 'toxicity is a number from 0 to 1');
    if (def.level === 'message' && this.lengthHeader === 'none') {
      throw new FaultConfigError(`${name}.type`, `${type} needs framed messages, but the proxy's lengthHeader is "none"`);
    }
    const parsed = def.attributes.safeParse(raw.attributes ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue && issue.path.length ? `.${issue.path.map(String).join('.')}` : '';
      const unknownKeys = issue && 'keys' in issue ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
      throw new FaultConfigError(`${name}.attributes${path}`, `${issue?.message ?? 'invalid attributes'}${unknownKeys}`);
    }
    return { name, type: type as FaultSpec['type'], stream, toxicity, attributes: parsed.data as Record<string, unknown> };
  }
}
