/**
 * The live bench page: plain HTML and a little vanilla JS (page/), served by express around
 * a running Bench, with its data as JSON and the timeline as server-sent events.
 *
 *   GET  /                      the page (page/index.html, page.js, page.css)
 *   GET  /api/state             each device's state (state.ts deviceStates)
 *   GET  /api/controls          the fault and action controls (controls.ts)
 *   POST /api/controls/:id      run one {ms?, code?, card?, lines?} → {id, what, cause?}
 *   GET  /api/timeline          every timeline event so far (masked on the way in)
 *   GET  /api/events            text/event-stream: `timeline` per event (past ones first), `state` after changes
 *   GET  /api/messages          the decoded ISO 8583 exchange, PAN masked
 *   GET  /api/receipts          the receipts as text (masked); /api/receipts/N.png one as an image (card numbers masked too)
 *   GET  /api/verdict           the oracle's current verdict
 *   POST /api/terminal {ecr}    attach a terminal's ECR port (HOST:PORT) so the journal can be read
 *
 * With a token (required by the profile when the page listens beyond loopback), every
 * request must carry it — `Authorization: Bearer TOKEN` or `?token=TOKEN` (EventSource cannot
 * set headers) — or is answered 401.
 */
import { timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Bench } from '../bench/bench';
import { renderReceiptPng } from '../protocols/escpos';
import { serveHttp, type HttpServerHandle } from '../util/serve-http';
import { AddressError, parseHostPort } from '../util/address';
import { CONTROLS, ControlError, runControl } from './controls';
import { currentVerdict, deviceStates, isoMessages, maskedReceipt, receiptViews } from './state';

const PAGE_DIR = join(__dirname, 'page');

export interface LivePageOptions {
  host?: string;
  port?: number;
  /** When set, every request must carry it. */
  token?: string;
}

function tokenOk(req: Request, token: string): boolean {
  const auth = req.get('authorization') ?? '';
  const given = auth.startsWith('Bearer ') ? auth.slice(7) : typeof req.query['token'] === 'string' ? req.query['token'] : '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createLiveApp(bench: Bench, o: { token?: string; streams: Set<Response> }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (o.token) {
    const token = o.token;
    app.use((req, res, next) => {
      if (tokenOk(req, token)) return next();
      res.status(401).json({ error: 'this bench page needs its token: Authorization: Bearer TOKEN, or ?token=TOKEN in the address' });
    });
  }
  app.use(express.json({ limit: '10kb' }));
  app.use(express.static(PAGE_DIR, { index: 'index.html' }));

  app.get('/api/state', (_req, res) => void res.json(deviceStates(bench)));
  app.get('/api/controls', (_req, res) => void res.json(CONTROLS.map(({ id, device, label, arg, fault }) => ({ id, device, label, ...(arg ? { arg } : {}), ...(fault ? { cause: fault.cause, affects: fault.affects } : {}) }))));
  app.post('/api/controls/:id', async (req, res) => {
    res.json(await runControl(bench, String(req.params['id']), (req.body ?? {}) as Record<string, never>));
  });
  app.get('/api/timeline', (_req, res) => void res.json(bench.timeline.all()));
  app.get('/api/messages', (_req, res) => void res.json(isoMessages(bench)));
  app.get('/api/receipts', (_req, res) => void res.json(receiptViews(bench)));
  app.get('/api/receipts/:n.png', (req, res) => {
    const entry = bench.printer?.journal()[Number(req.params['n'])];
    if (!entry || !/^\d+$/.test(String(req.params['n']))) {
      res.status(404).json({ error: `no receipt ${String(req.params['n'])}` });
      return;
    }
    res.type('image/png').set('cache-control', 'no-store').send(renderReceiptPng(maskedReceipt(entry.receipt)));
  });
  app.get('/api/verdict', async (_req, res) => void res.json(await currentVerdict(bench)));
  app.post('/api/terminal', async (req, res) => {
    const ecr = (req.body as { ecr?: unknown } | undefined)?.ecr;
    let address;
    try {
      address = parseHostPort(String(ecr ?? ''));
    } catch (e) {
      if (!(e instanceof AddressError)) throw e;
      res.status(400).json({ error: `ecr: ${e.message}` });
      return;
    }
    try {
      await bench.attachTerminal(address);
    } catch (e) {
      res.status(409).json({ error: `the terminal's ECR port ${String(ecr)} could not be attached: ${(e as Error).message}` });
      return;
    }
    res.json({ attached: String(ecr) });
  });
  app.get('/api/events', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    for (const e of bench.timeline.all()) res.write(`event: timeline\ndata: ${JSON.stringify(e)}\n\n`);
    res.write(`event: state\ndata: ${JSON.stringify(deviceStates(bench))}\n\n`);
    o.streams.add(res);
    req.on('close', () => o.streams.delete(res));
  });

  app.use((_req, res) => void res.status(404).json({ error: 'no such page or endpoint' }));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ControlError) return void res.status(err.status).json({ error: err.message });
    const e = err as { status?: number; message?: string };
    res.status(typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500).json({ error: e.message ?? 'internal error' });
  });
  return app;
}

export interface LivePageHandle extends HttpServerHandle {
  /** The page's address, with the token when there is one. */
  readonly url: string;
}

/**
 * Serve the page around a bench (whoever owns the bench starts and stops it). Every timeline
 * event goes to each open event stream at once; a `state` event follows a burst of them.
 */
export async function serveLivePage(bench: Bench, o: LivePageOptions = {}): Promise<LivePageHandle> {
  const streams = new Set<Response>();
  const http = await serveHttp(createLiveApp(bench, { streams, ...(o.token ? { token: o.token } : {}) }), { host: o.host ?? '127.0.0.1', port: o.port ?? 0 });
  let stateDue: NodeJS.Immediate | undefined;
  const off = bench.timeline.onEvent((e) => {
    for (const s of streams) s.write(`event: timeline\ndata: ${JSON.stringify(e)}\n\n`);
    stateDue ??= setImmediate(() => {
      stateDue = undefined;
      const state = JSON.stringify(deviceStates(bench));
      for (const s of streams) s.write(`event: state\ndata: ${state}\n\n`);
    });
  });
  const host = http.address.host.includes(':') ? `[${http.address.host}]` : http.address.host;
  return {
    address: http.address,
    url: `http://${host}:${http.address.port}/${o.token ? `?token=${encodeURIComponent(o.token)}` : ''}`,
    close: async () => {
      off();
      if (stateDue) clearImmediate(stateDue);
      stateDue = undefined;
      for (const s of streams) s.end();
      streams.clear();
      await http.close();
    },
  };
}
