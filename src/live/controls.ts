/**
 * The bench page's controls: every fault a person can inject on a running bench, and the
 * actions that take it back, as one table. A fault goes through `bench.disturb(cause, areas,
 * what, fn)` (src/bench/injections.ts), so it lands on the timeline with its cause exactly
 * as a step's would, and the oracle blames it rather than the firmware. Controls that are
 * not disturbances (a decline is an answer; loading paper, presenting a card) are recorded
 * as `page.control` events.
 */
import type { Bench } from '../bench/bench';
import type { Area } from '../bench/oracle';
import type { InjectedCause } from '../bench/injections';
import { PosbenchError } from '../util/errors';

export type ControlDevice = 'printer' | 'issuer' | 'network' | 'reader';

/** What a control may be given (the page sends them as JSON). */
export interface ControlArgs {
  ms?: number;
  code?: string;
  card?: string;
  lines?: number;
}

export interface Control {
  id: string;
  device: ControlDevice;
  label: string;
  /** The argument the page asks for, with its default. */
  arg?: { name: keyof ControlArgs; label: string; default: number | string };
  /** A disturbance: its cause and what it affects (undefined: an action, not a fault). */
  fault?: { cause: InjectedCause; affects: Area[] };
  /** What happened, in one line for the timeline. */
  what(args: ControlArgs, bench: Bench): string;
  apply(bench: Bench, args: ControlArgs): void | Promise<void>;
}

export class ControlError extends PosbenchError {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super('CONTROL', message);
  }
}

const FINANCIAL = ['0200', '0220'];
const PRINTER: Control['fault'] = { cause: 'printer-failure', affects: ['paper'] };
const BANK: Control['fault'] = { cause: 'bank-delay', affects: ['host'] };
const NET: Control['fault'] = { cause: 'network-failure', affects: ['host'] };

function whole(v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ControlError(400, `${name}: a whole number ${min}–${max}, got ${JSON.stringify(v)}`);
  return v;
}

const ms = (a: ControlArgs) => whole(a.ms ?? 5000, 'ms', 0, 600000);

type PrinterModel = ReturnType<Bench['requirePrinter']>;

/** A printer control: a fault (cause printer-failure) unless `fault` is null (an action). */
function printer(id: string, label: string, what: string, apply: (p: PrinterModel, a: ControlArgs) => void, fault: Control['fault'] | null = PRINTER, arg?: Control['arg']): Control {
  return { id, device: 'printer', label, ...(fault ? { fault } : {}), ...(arg ? { arg } : {}), what: () => what, apply: (b, a) => apply(b.requirePrinter(label), a) };
}

function network(id: string, label: string, what: (a: ControlArgs) => string, add: (a: ControlArgs, b: Bench) => Parameters<ReturnType<Bench['requireProxy']>['addFault']>[0], arg?: Control['arg']): Control {
  return { id, device: 'network', label, fault: NET, ...(arg ? { arg } : {}), what: (a) => what(a), apply: (b, a) => void b.requireProxy().addFault(add(a, b)) };
}

export const CONTROLS: readonly Control[] = [
  printer('printer.no-paper', 'Paper out', 'the printer has no paper', (p) => p.setFault({ kind: 'no-paper' })),
  printer('printer.paper-runs-out', 'Paper runs out', 'the printer runs out of paper mid-slip', (p, a) => p.setFault({ kind: 'paper-runs-out', afterLines: whole(a.lines ?? 5, 'lines', 0, 10000) }), PRINTER, { name: 'lines', label: 'after lines', default: 5 }),
  printer('printer.paper-near-end', 'Paper near end', 'the paper roll is near its end', (p) => p.setFault({ kind: 'paper-near-end' })),
  printer('printer.cover-open', 'Cover open', 'the printer cover is open', (p) => p.setFault({ kind: 'cover-open' })),
  printer('printer.offline', 'Printer offline', 'the printer is offline', (p) => p.setFault({ kind: 'offline' })),
  printer('printer.cutter-jam', 'Cutter jam', 'the cutter jams at the next cut', (p) => p.setFault({ kind: 'cutter-jam', atNextCut: true })),
  printer('printer.load-paper', 'Load paper', 'the technician loads paper', (p) => p.loadPaper(), null),
  printer('printer.close-cover', 'Close cover', 'the technician closes the printer cover', (p) => p.closeCover(), null),
  printer('printer.online', 'Back online', 'the printer comes back online', (p) => p.goOnline(), null),
  printer('printer.clear', 'Clear printer faults', 'every printer fault cleared', (p) => p.clearFaults(), null),
  {
    id: 'issuer.delay',
    device: 'issuer',
    label: 'Issuer delay',
    arg: { name: 'ms', label: 'ms', default: 5000 },
    fault: BANK,
    what: (a) => `the issuer responds after ${ms(a)} ms`,
    apply: (b, a) => void b.requireIssuer().addRule({ description: `respond after ${ms(a)} ms`, match: { mti: FINANCIAL }, action: { delayMs: ms(a) } }),
  },
  {
    id: 'issuer.silence',
    device: 'issuer',
    label: 'Issuer silent',
    fault: BANK,
    what: () => 'the issuer processes requests but never answers',
    apply: (b) => void b.requireIssuer().addRule({ description: 'never respond', match: { mti: [...FINANCIAL, '0400'] }, action: { noResponse: true } }),
  },
  {
    id: 'issuer.bad-mac',
    device: 'issuer',
    label: 'Bad MAC',
    fault: { cause: 'misconfiguration', affects: ['host'] },
    what: () => 'the issuer MACs responses with a key the terminal does not share',
    apply: (b) => void b.requireIssuer().addRule({ description: 'bad MAC', match: { mti: FINANCIAL }, action: { badMac: true } }),
  },
  {
    // A decline is an answer, not a disturbance (injections.ts): no cause, no desync expected.
    id: 'issuer.decline',
    device: 'issuer',
    label: 'Decline',
    arg: { name: 'code', label: 'response code', default: '51' },
    what: (a) => `the issuer declines financial requests with ${code(a)}`,
    apply: (b, a) => void b.requireIssuer().addRule({ description: `decline with ${code(a)}`, match: { mti: FINANCIAL }, action: { responseCode: code(a) } }),
  },
  {
    id: 'issuer.normal',
    device: 'issuer',
    label: 'Issuer normal',
    what: () => 'the issuer approves all transactions again (every rule removed)',
    apply: (b) => b.requireIssuer().clearRules(),
  },
  network('network.latency', 'Latency', (a) => `the network adds ${ms(a)} ms of latency`, (a) => ({ type: 'latency', stream: 'downstream', attributes: { latencyMs: ms(a) } }), { name: 'ms', label: 'ms', default: 2000 }),
  network('network.drop-response', 'Drop response', () => 'the network drops the response to the next request', () => ({ type: 'drop_response', stream: 'downstream', attributes: { count: 1 } })),
  network('network.drop-request', 'Drop request', () => 'the network drops the next request on its way to the host', () => ({ type: 'drop_message', stream: 'upstream', attributes: { nth: 1, mti: '0200', count: 1 } })),
  network('network.reset-after-request', 'Reset after request', () => 'the network resets the connection after the next request', () => ({ type: 'reset_after_request', stream: 'upstream', attributes: { count: 1 } })),
  network('network.reset-after-approval', 'Reset after approval', () => 'the network resets the connection right after an approval', () => ({ type: 'reset_after_approval', stream: 'downstream', attributes: { count: 1 } })),
  network('network.duplicate-response', 'Duplicate response', () => 'the network duplicates the next response', () => ({ type: 'duplicate_response', stream: 'downstream', attributes: { copies: 1, count: 1 } })),
  network('network.flip-mac', 'Corrupt MAC', () => 'the network flips a byte in the MAC of the next response', () => ({ type: 'flip_byte', stream: 'downstream', attributes: { nth: 1, offset: -1, mti: '0210', count: 1 } })),
  network(
    'network.hold-response',
    'Late approval',
    (a) => `the network holds the next response until ${ms(a)} ms after the host timeout`,
    (a, b) => ({ type: 'hold_response', stream: 'downstream', attributes: { afterTimeoutMs: ms(a), hostTimeoutMs: b.terminalConfig.hostTimeoutMs, count: 1 } }),
    { name: 'ms', label: 'ms after timeout', default: 500 },
  ),
  network('network.down', 'Network down', () => 'the network is down', () => ({ type: 'down', stream: 'upstream', attributes: {} })),
  { id: 'network.clear', device: 'network', label: 'Network normal', what: () => 'every network fault removed', apply: (b) => b.requireProxy().resetFaults() },
  {
    id: 'reader.present',
    device: 'reader',
    label: 'Present card',
    arg: { name: 'card', label: 'card', default: 'VISA_CHIP' },
    what: (a) => `the customer presents the card ${cardName(a)}`,
    apply: async (b, a) => {
      await b.presentCard(cardName(a));
    },
  },
  { id: 'reader.remove', device: 'reader', label: 'Remove card', what: () => 'the customer takes the card out', apply: (b) => b.removeCard() },
];

function code(a: ControlArgs): string {
  const c = a.code ?? '51';
  if (typeof c !== 'string' || !/^[0-9A-Z]{2}$/.test(c)) throw new ControlError(400, `code: a two-character response code such as 51, got ${JSON.stringify(c)}`);
  return c;
}

function cardName(a: ControlArgs): string {
  if (typeof a.card !== 'string' || !a.card) throw new ControlError(400, 'card: a catalog card name such as VISA_CHIP');
  return a.card;
}

/** Run control `id` on the bench: a fault through bench.disturb with its cause, anything else as a page.control event. */
export async function runControl(bench: Bench, id: string, args: ControlArgs = {}): Promise<{ id: string; what: string; cause?: InjectedCause }> {
  const c = CONTROLS.find((x) => x.id === id);
  if (!c) throw new ControlError(404, `no control "${id}" (known: ${CONTROLS.map((x) => x.id).join(', ')})`);
  let what: string;
  try {
    what = `${c.what(args, bench)} (from the bench page)`;
    if (c.fault) await bench.disturb(c.fault.cause, c.fault.affects, what, () => c.apply(bench, args));
    else {
      await c.apply(bench, args);
      bench.timeline.record({ source: 'bench', kind: 'page.control', summary: what, data: { control: id, args } });
    }
  } catch (e) {
    if (e instanceof ControlError) throw e;
    throw new ControlError(409, `${c.label}: ${(e as Error).message}`);
  }
  return { id, what, ...(c.fault ? { cause: c.fault.cause } : {}) };
}
