/**
 * The control API: Toxiproxy's HTTP API (README "HTTP API" and api.go of
 * github.com/Shopify/toxiproxy), so existing Toxiproxy clients and scripts drive posbench's
 * network emulator unchanged. Served around the model — a ProxyRegistry, or one NetworkProxy
 * (the bench's) wrapped in one: `serveControlApi(registryOrProxy)`. Binds to 127.0.0.1.
 *
 *   GET    /version                          → {"version": …}
 *   GET    /proxies                          → {[name]: proxy}
 *   POST   /proxies         {name, listen, upstream, enabled?} → 201 proxy; 409 taken; 400
 *   POST   /populate        [proxy, …]       → 201 {"proxies": [...]} (idempotent)
 *   GET    /proxies/:proxy                   → {name, listen, upstream, enabled, toxics}; 404
 *   POST   /proxies/:proxy  {listen?, upstream?, enabled?} → proxy (PATCH too)
 *   DELETE /proxies/:proxy                   → 204; 404
 *   GET    /proxies/:proxy/toxics            → toxic[]
 *   POST   /proxies/:proxy/toxics  toxic     → 200 toxic; 400 bad toxic; 409 name taken
 *   GET    /proxies/:proxy/toxics/:toxic     → toxic; 404
 *   POST   /proxies/:proxy/toxics/:toxic  {toxicity?, attributes?} → toxic (PATCH too)
 *   DELETE /proxies/:proxy/toxics/:toxic     → 204; 404
 *   POST   /reset                            → 204: every proxy enabled, every toxic removed
 *   GET    /proxies/:proxy/fired             → FiredFault[] (posbench extension)
 *
 * Errors are Toxiproxy's body {"error", "status"} (its texts: "proxy not found", "toxic
 * already exists", …) plus posbench's `detail` (and `key` naming the bad field).
 */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { serveHttp, type HttpServerHandle, type ServeOptions } from '../../src/util/serve-http';
import { formatHostPort } from '../../src/util/address';
import { FaultConfigError, UnknownFaultError } from './types';
import type { FaultSpec, FaultSpecInput } from './types';
import { FaultExistsError, NetworkProxy } from './proxy';
import { ProxyConfigError, ProxyExistsError, ProxyNotFoundError, ProxyRegistry } from './registry';
import { fromToxiproxyAttributes, toToxiproxyToxic } from './toxiproxy-names';

export { fromToxiproxyAttributes } from './toxiproxy-names';

export type ControlApiOptions = ServeOptions;

const VERSION = '2.0.0-posbench';

function proxyJson(proxy: NetworkProxy): Record<string, unknown> {
  return {
    name: proxy.name,
    listen: formatHostPort(proxy.listenAddress),
    upstream: formatHostPort(proxy.target),
    enabled: proxy.enabled,
    toxics: proxy.faults().map(toToxiproxyToxic),
  };
}

/** Toxiproxy's error text and status for an error of ours; `undefined` → 500. */
function toxiproxyError(err: unknown): { status: number; error: string; key?: string } | undefined {
  if (err instanceof ProxyNotFoundError) return { status: 404, error: 'proxy not found' };
  if (err instanceof UnknownFaultError) return { status: 404, error: 'toxic not found' };
  if (err instanceof ProxyExistsError) return { status: 409, error: 'proxy already exists' };
  if (err instanceof FaultExistsError) return { status: 409, error: 'toxic already exists', key: err.key };
  if (err instanceof FaultConfigError) {
    if (err.key === 'type') return { status: 400, error: 'invalid toxic type', key: err.key };
    if (err.key === 'stream') return { status: 400, error: 'stream was invalid, can be either upstream or downstream', key: err.key };
    return { status: 400, error: `bad request body: ${err.message}`, key: err.key };
  }
  if (err instanceof ProxyConfigError) {
    const missing = err.message.includes('missing required field');
    return { status: 400, error: missing ? `missing required field: ${err.key}` : `bad request body: ${err.message}`, key: err.key };
  }
  if ((err as { status?: number }).status === 400) return { status: 400, error: `bad request body: ${err instanceof Error ? err.message : String(err)}` };
  return undefined;
}

export function createControlApp(model: ProxyRegistry | NetworkProxy): express.Express {
  const registry = model instanceof ProxyRegistry ? model : ProxyRegistry.around(model);
  const app = express();
  app.use(express.json({ limit: '256kb' }));
  const proxyOf = (req: Request): NetworkProxy => registry.get(String(req.params.proxy));
  const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

  app.get('/version', (_req, res) => {
    res.json({ version: VERSION });
  });
  app.get('/proxies', (_req, res) => {
    res.json(Object.fromEntries(registry.list().map((p) => [p.name, proxyJson(p)])));
  });
  app.post('/proxies', async (req, res) => {
    res.status(201).json(proxyJson(await registry.create(body(req) as never)));
  });
  app.post('/populate', async (req, res) => {
    const proxies = await registry.populate(req.body);
    res.status(201).json({ proxies: proxies.map(proxyJson) });
  });
  app.get('/proxies/:proxy', (req, res) => {
    res.json(proxyJson(proxyOf(req)));
  });
  const updateProxy = async (req: Request, res: Response) => {
    res.json(proxyJson(await registry.update(String(req.params.proxy), body(req))));
  };
  app.post('/proxies/:proxy', updateProxy);
  app.patch('/proxies/:proxy', updateProxy);
  app.delete('/proxies/:proxy', async (req, res) => {
    await registry.remove(String(req.params.proxy));
    res.status(204).end();
  });
  app.get('/proxies/:proxy/toxics', (req, res) => {
    res.json(proxyOf(req).faults().map(toToxiproxyToxic));
  });
  app.post('/proxies/:proxy/toxics', (req, res) => {
    const proxy = proxyOf(req);
    const b = body(req);
    const input = { ...b, attributes: fromToxiproxyAttributes(String(b.type), b.attributes) } as unknown as FaultSpecInput;
    res.json(toToxiproxyToxic(proxy.fault(proxy.addFault(input)) as FaultSpec));
  });
  app.get('/proxies/:proxy/toxics/:toxic', (req, res) => {
    const spec = proxyOf(req).fault(String(req.params.toxic));
    if (!spec) throw new UnknownFaultError(String(req.params.toxic));
    res.json(toToxiproxyToxic(spec));
  });
  const updateToxic = (req: Request, res: Response) => {
    const proxy = proxyOf(req);
    const old = proxy.fault(String(req.params.toxic));
    if (!old) throw new UnknownFaultError(String(req.params.toxic));
    const b = body(req) as Partial<FaultSpec>;
    const next = {
      name: old.name,
      type: old.type,
      stream: old.stream,
      toxicity: b.toxicity ?? old.toxicity,
      attributes: b.attributes === undefined ? old.attributes : { ...old.attributes, ...(fromToxiproxyAttributes(old.type, b.attributes) as object) },
    } as unknown as FaultSpecInput;
    proxy.removeFault(old.name);
    try {
      proxy.addFault(next);
    } catch (err) {
      proxy.addFault(old as unknown as FaultSpecInput);
      throw err;
    }
    res.json(toToxiproxyToxic(proxy.fault(old.name) as FaultSpec));
  };
  app.post('/proxies/:proxy/toxics/:toxic', updateToxic);
  app.patch('/proxies/:proxy/toxics/:toxic', updateToxic);
  app.delete('/proxies/:proxy/toxics/:toxic', (req, res) => {
    proxyOf(req).removeFault(String(req.params.toxic));
    res.status(204).end();
  });
  app.get('/proxies/:proxy/fired', (req, res) => {
    res.json(proxyOf(req).firedFaults());
  });
  app.post('/reset', async (_req, res) => {
    await registry.reset();
    res.status(204).end();
  });

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not found', status: 404 });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const known = toxiproxyError(err);
    const detail = err instanceof Error ? err.message : String(err);
    const status = known?.status ?? 500;
    res.status(status).json({ error: known?.error ?? detail, status, detail, ...(known?.key !== undefined ? { key: known.key } : {}) });
  });
  return app;
}

/** A served control API; close() also stops the proxies created through it when it made the registry itself. */
export type ControlApiHandle = HttpServerHandle;

/**
 * Serve the control API around a registry or a single proxy (whoever owns the model starts
 * and stops it; the model knows nothing of HTTP). 127.0.0.1 and a free port by default.
 * Around a single proxy, a registry is made for it: proxies created through the API then
 * belong to the API and stop when it closes.
 */
export async function serveControlApi(model: ProxyRegistry | NetworkProxy, opts: ControlApiOptions = {}): Promise<ControlApiHandle> {
  const registry = model instanceof ProxyRegistry ? model : ProxyRegistry.around(model);
  const served = await serveHttp(createControlApp(registry), opts);
  if (registry === model) return served;
  return {
    address: served.address,
    close: async () => {
      await served.close();
      await registry.close();
    },
  };
}
