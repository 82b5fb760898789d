/**
 * The control API: an HTTP API shaped like Toxiproxy's, so a tester (or an existing
 * Toxiproxy client) can add and remove faults while a scenario runs. Binds to 127.0.0.1.
 * Served around the model: `serveControlApi(proxy)`.
 *
 *   GET    /version
 *   GET    /proxies                              → { [name]: proxy }
 *   GET    /proxies/:proxy                       → { name, listen, upstream, enabled, toxics }
 *   POST   /proxies/:proxy   {"enabled": false}  → the network is down (a "down" fault); true → up again
 *   GET    /proxies/:proxy/toxics                → FaultSpec[]
 *   POST   /proxies/:proxy/toxics  FaultSpec     → 200 the stored spec; 400 bad spec; 409 name taken
 *   GET    /proxies/:proxy/toxics/:toxic         → FaultSpec, 404
 *   POST   /proxies/:proxy/toxics/:toxic  {toxicity?, attributes?} → replace its settings
 *   DELETE /proxies/:proxy/toxics/:toxic         → 204, 404
 *   GET    /proxies/:proxy/fired                 → FiredFault[] (posbench extension)
 *   POST   /reset                                → 204: every fault removed, proxy enabled
 *
 * Attribute names are posbench's (latencyMs, rateKBps, …); Toxiproxy's names (latency,
 * jitter, rate, timeout, delay, average_size, size_variation, bytes) are accepted too.
 */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { serveHttp, type HttpServerHandle, type ServeOptions } from '../../src/util/serve-http';
import { FaultConfigError, UnknownFaultError } from './types';
import type { FaultSpec, FaultSpecInput, FaultType } from './types';
import type { NetworkProxy } from './proxy';
import { FaultExistsError } from './proxy';

export type ControlApiOptions = ServeOptions;

const DOWN_FAULT = 'proxy_disabled';

const TOXIPROXY_ALIASES: Partial<Record<FaultType, Record<string, string>>> = {
  latency: { latency: 'latencyMs', jitter: 'jitterMs' },
  bandwidth: { rate: 'rateKBps' },
  timeout: { timeout: 'timeoutMs' },
  reset_peer: { timeout: 'timeoutMs' },
  slow_close: { delay: 'delayMs' },
  slicer: { average_size: 'averageSize', size_variation: 'sizeVariation', delay: 'delayUs' },
};

/** Translate Toxiproxy attribute names to posbench's. */
export function fromToxiproxyAttributes(type: string, attributes: unknown): unknown {
  const aliases = TOXIPROXY_ALIASES[type as FaultType];
  if (!aliases || !attributes || typeof attributes !== 'object' || Array.isArray(attributes)) return attributes;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes as Record<string, unknown>)) out[aliases[k] ?? k] = v;
  return out;
}

function proxyJson(proxy: NetworkProxy): Record<string, unknown> {
  let listen: string | null = null;
  try {
    const a = proxy.address;
    listen = `${a.host}:${a.port}`;
  } catch {
    listen = null;
  }
  return {
    name: proxy.name,
    listen,
    upstream: `${proxy.target.host}:${proxy.target.port}`,
    enabled: !proxy.isDown,
    toxics: proxy.faults(),
  };
}

export function createControlApp(proxy: NetworkProxy): express.Express {
  const app = express();
  app.use(express.json({ limit: '64kb' }));

  const withProxy = (req: Request, res: Response): boolean => {
    if (req.params.proxy === proxy.name) return true;
    res.status(404).json({ error: `proxy not found: ${String(req.params.proxy)}`, status: 404 });
    return false;
  };

  app.get('/version', (_req, res) => {
    res.type('text/plain').send('posbench-network-proxy 0.1.0');
  });
  app.get('/proxies', (_req, res) => {
    res.json({ [proxy.name]: proxyJson(proxy) });
  });
  app.get('/proxies/:proxy', (req, res) => {
    if (withProxy(req, res)) res.json(proxyJson(proxy));
  });
  app.post('/proxies/:proxy', (req, res) => {
    if (!withProxy(req, res)) return;
    const body = (req.body ?? {}) as { enabled?: unknown };
    if (body.enabled === false && !proxy.fault(DOWN_FAULT)) proxy.addFault({ name: DOWN_FAULT, type: 'down' });
    if (body.enabled === true) for (const f of proxy.faults()) if (f.type === 'down') proxy.removeFault(f.name);
    res.json(proxyJson(proxy));
  });
  app.get('/proxies/:proxy/toxics', (req, res) => {
    if (withProxy(req, res)) res.json(proxy.faults());
  });
  app.post('/proxies/:proxy/toxics', (req, res) => {
    if (!withProxy(req, res)) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = { ...body, attributes: fromToxiproxyAttributes(String(body.type), body.attributes) } as unknown as FaultSpecInput;
    const name = proxy.addFault(input);
    res.json(proxy.fault(name));
  });
  app.get('/proxies/:proxy/toxics/:toxic', (req, res) => {
    if (!withProxy(req, res)) return;
    const spec = proxy.fault(String(req.params.toxic));
    if (!spec) throw new UnknownFaultError(String(req.params.toxic));
    res.json(spec);
  });
  app.post('/proxies/:proxy/toxics/:toxic', (req, res) => {
    if (!withProxy(req, res)) return;
    const old = proxy.fault(String(req.params.toxic));
    if (!old) throw new UnknownFaultError(String(req.params.toxic));
    const body = (req.body ?? {}) as Partial<FaultSpec>;
    const next = {
      name: old.name,
      type: old.type,
      stream: old.stream,
      toxicity: body.toxicity ?? old.toxicity,
      attributes: body.attributes === undefined ? old.attributes : { ...old.attributes, ...(fromToxiproxyAttributes(old.type, body.attributes) as object) },
    } as unknown as FaultSpecInput;
    proxy.removeFault(old.name);
    try {
      proxy.addFault(next);
    } catch (err) {
      proxy.addFault(old as unknown as FaultSpecInput);
      throw err;
    }
    res.json(proxy.fault(old.name));
  });
  app.delete('/proxies/:proxy/toxics/:toxic', (req, res) => {
    if (!withProxy(req, res)) return;
    proxy.removeFault(String(req.params.toxic));
    res.status(204).end();
  });
  app.get('/proxies/:proxy/fired', (req, res) => {
    if (withProxy(req, res)) res.json(proxy.firedFaults());
  });
  app.post('/reset', (_req, res) => {
    proxy.resetFaults();
    res.status(204).end();
  });

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found', status: 404 });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof FaultExistsError ? 409 : err instanceof FaultConfigError ? 400 : err instanceof UnknownFaultError ? 404 : (err as { status?: number }).status === 400 ? 400 : 500;
    const message = err instanceof Error ? err.message : String(err);
    res.status(status).json({ error: message, status, ...(err instanceof FaultConfigError ? { key: err.key } : {}) });
  });
  return app;
}

/**
 * Serve the control API around a proxy (whoever owns the proxy starts it and closes it; the
 * proxy knows nothing of HTTP). 127.0.0.1 and a free port by default.
 */
export function serveControlApi(proxy: NetworkProxy, opts: ControlApiOptions = {}): Promise<HttpServerHandle> {
  return serveHttp(createControlApp(proxy), opts);
}
