/**
 * The terminal's ECR command port: accepts till / bench connections and maps ECR
 * requests to terminal operations (the commands of `src/protocols/ecr/contract.ts`).
 * Display changes are pushed to every client as events.
 */
import type { Transport, TransportListener } from '../transports/types';
import { EcrLink, type EcrRequest, type EcrResult, type EcrCommand } from '../protocols/ecr';
import type { ReferenceTerminal } from './reference-terminal';
import { referenceFirmware } from './firmware';

/** An amount to pay or refund: at least one minor unit (a sale of nothing is no sale), at most field 4's n12. */
function amountArg(args: Record<string, unknown> | undefined): number {
  const v = args?.amountMinor;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 999999999999) {
    throw Object.assign(new Error(`args.amountMinor must be a whole number of minor units, got ${JSON.stringify(v)}`), { code: 'BAD_ARGS' });
  }
  return v;
}

/** An optional trace number (6 digits) naming an original or a slip. */
function stanArg(args: Record<string, unknown> | undefined, name: 'originalStan' | 'stan'): string | undefined {
  const v = args?.[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{6}$/.test(v)) throw Object.assign(new Error(`args.${name} must be a trace number of 6 digits, got ${JSON.stringify(v)}`), { code: 'BAD_ARGS' });
  return v;
}

function intentArg(args: Record<string, unknown> | undefined, cmd: string, id: number): string {
  return typeof args?.intentId === 'string' ? args.intentId : `${cmd}-${id}-${Date.now()}`;
}

export class EcrServer {
  private readonly links = new Set<EcrLink>();
  private readonly onDisplay = (text: string) => {
    for (const l of this.links) l.send({ type: 'event', event: 'display', data: { text } }).catch(() => undefined);
  };

  constructor(
    private readonly listener: TransportListener,
    private getTerminal: () => ReferenceTerminal,
    /** Called for `restart`: the host process power-cycles the terminal (the reference terminal always can, so it never answers UNSUPPORTED). */
    private readonly restart: () => Promise<void>,
  ) {
    listener.on('connection', (t) => this.accept(t));
  }

  /**
   * Subscribe to the terminal's display events; after a restart (a new terminal object) the
   * clients still connected are told at once what it shows now — the boot screen it showed
   * before it was bound.
   */
  bind(terminal: ReferenceTerminal): void {
    terminal.on('display', this.onDisplay);
    if (this.links.size) this.onDisplay(terminal.display);
  }

  private accept(t: Transport): void {
    const link = new EcrLink(t);
    this.links.add(link);
    t.on('close', () => this.links.delete(link));
    t.on('error', () => undefined);
    link.on('error', () => undefined);
    link.on('message', (m) => {
      if (m.type !== 'request') return;
      const fail = (err: Error & { code?: string }) => link.send({ type: 'response', id: m.id, ok: false, error: { code: err.code ?? 'FAILED', message: err.message } });
      this.handle(m)
        .then(
          // A result that cannot be framed (an ECR frame holds at most 9999 bytes) is answered
          // with an error: the client must never wait for an answer that will not come.
          (result) => link.send({ type: 'response', id: m.id, ok: true, result }).catch((e: Error) => fail(Object.assign(new Error(`${m.cmd}: the answer cannot be sent: ${e.message}`), { code: 'RESPONSE_TOO_LARGE' }))),
          fail,
        )
        .catch(() => undefined);
    });
  }

  private async handle(req: EcrRequest): Promise<EcrResult<EcrCommand>> {
    const t = this.getTerminal();
    const a = req.args;
    switch (req.cmd) {
      case 'status':
        return {
          display: t.display,
          signedOn: t.store.state.signedOn,
          batch: t.store.batch,
          pendingReversal: !!t.store.state.pendingReversal,
          firmware: referenceFirmware(t.config),
          ...t.maintenance.statusFigures(),
        } satisfies EcrResult<'status'>;
      case 'signOn':
        return t.signOn();
      case 'sale': {
        const amount = amountArg(a);
        return t.sale(amount, intentArg(a, 'sale', req.id));
      }
      case 'refund':
        return t.refund(amountArg(a), intentArg(a, 'refund', req.id), stanArg(a, 'originalStan'));
      case 'void':
        return t.void(intentArg(a, 'void', req.id), stanArg(a, 'originalStan'));
      case 'reprint':
        return t.reprint(stanArg(a, 'stan'));
      case 'settle':
        return t.settle();
      case 'cancel':
        return { cancelled: t.cancel() };
      case 'setConfig': {
        const name = String(a?.name ?? '');
        const value = String(a?.value ?? '');
        await t.setConfig(name, value);
        return { name, value };
      }
      case 'getConfig':
        return t.config;
      case 'journal': {
        // Paged ({offset, limit}): a long journal does not fit one ECR frame.
        const offset = typeof a?.offset === 'number' && a.offset >= 0 ? a.offset : 0;
        const limit = typeof a?.limit === 'number' && a.limit > 0 ? a.limit : Infinity;
        return t.journal(offset, limit);
      }
      case 'restart':
        await this.restart();
        return { restarted: true };
      case 'testPage':
        return t.service((m) => m.testPage());
      case 'printerStatus':
        return t.service((m) => m.printerStatus());
      case 'echo':
        return t.service((m) => m.echo());
      case 'lineCheck':
        return t.service((m) => m.lineCheck());
      default:
        throw Object.assign(new Error(`unknown command "${String((req as { cmd: unknown }).cmd)}"`), { code: 'UNKNOWN_COMMAND' });
    }
  }

  async close(): Promise<void> {
    await this.listener.close();
  }
}
