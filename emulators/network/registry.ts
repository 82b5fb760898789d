/**
 * ProxyRegistry — the network emulator as Toxiproxy sees it: several named proxies, each its
 * own listener → upstream (a NetworkProxy each). The model behind the control API
 * (control-api.ts); it knows nothing of HTTP. Semantics follow Toxiproxy's proxy collection
 * (README "HTTP API" and proxy_collection.go of github.com/Shopify/toxiproxy):
 * create refuses a taken name; populate creates what is missing, leaves a proxy whose
 * listen and upstream are unchanged untouched and replaces one whose are not; changing
 * listen or upstream restarts the proxy (connections dropped, toxics kept); reset enables
 * every proxy and removes every toxic.
 */
import { PosbenchError } from '../../src/util/errors';
import { AddressError, formatHostPort, parseHostPort, type HostPort } from '../../src/util/address';
import { NetworkProxy, type NetworkProxyOptions } from './proxy';

/** A proxy as Toxiproxy's API takes it. */
export interface ProxyConfig {
  name: string;
  /** "host:port" (port 0 = a free one; ":port" = every interface). Default "127.0.0.1:0". */
  listen?: string;
  /** "host:port" of the upstream (the issuer). */
  upstream: string;
  /** Default true. */
  enabled?: boolean;
}

/** What an update may change. */
export interface ProxyUpdate {
  listen?: string;
  upstream?: string;
  enabled?: boolean;
}

/** Options every proxy the registry creates gets (dialect, framing, evidence, seed, clock, …). */
export type ProxyDefaults = Omit<NetworkProxyOptions, 'name' | 'listenHost' | 'listenPort' | 'targetHost' | 'targetPort'>;

export class ProxyNotFoundError extends PosbenchError {
  constructor(readonly proxyName: string) {
    super('PROXY_NOT_FOUND', `no proxy named "${proxyName}"`);
  }
}

export class ProxyExistsError extends PosbenchError {
  constructor(readonly proxyName: string) {
    super('PROXY_EXISTS', `a proxy named "${proxyName}" already exists`);
  }
}

/** A proxy config that cannot be used; `key` names the field ("upstream", "proxies[2].name"). */
export class ProxyConfigError extends PosbenchError {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super('PROXY_CONFIG', `proxy ${key}: ${reason}`);
  }
}

/** "host:port" → HostPort; ":port" listens on every interface. */
function address(text: unknown, key: string): HostPort {
  if (typeof text !== 'string' || text.length === 0) throw new ProxyConfigError(key, 'missing required field (a "host:port" text)');
  try {
    return parseHostPort(text.startsWith(':') ? `0.0.0.0${text}` : text);
  } catch (err) {
    throw new ProxyConfigError(key, err instanceof AddressError ? err.message : String(err));
  }
}

function checkConfig(raw: unknown, at: string): Required<ProxyConfig> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ProxyConfigError(at || 'body', 'a proxy is an object {name, listen, upstream, enabled}');
  const c = raw as Record<string, unknown>;
  const key = (k: string) => (at ? `${at}.${k}` : k);
  if (typeof c.name !== 'string' || c.name.length === 0) throw new ProxyConfigError(key('name'), 'missing required field (a non-empty text)');
  if (c.enabled !== undefined && typeof c.enabled !== 'boolean') throw new ProxyConfigError(key('enabled'), 'enabled is true or false');
  const listen = c.listen === undefined || c.listen === '' ? '127.0.0.1:0' : c.listen;
  address(listen, key('listen'));
  address(c.upstream, key('upstream'));
  return { name: c.name, listen: listen as string, upstream: c.upstream as string, enabled: c.enabled ?? true };
}

export class ProxyRegistry {
  private readonly proxies = new Map<string, NetworkProxy>();
  /** Proxies handed in with adopt(): their owner stops them, close() does not. */
  private readonly adopted = new Set<NetworkProxy>();

  constructor(private readonly defaults: ProxyDefaults = {}) {}

  /** A registry around one proxy someone else made and started (the bench's). */
  static around(proxy: NetworkProxy, defaults: ProxyDefaults = {}): ProxyRegistry {
    const r = new ProxyRegistry(defaults);
    r.adopt(proxy);
    return r;
  }

  adopt(proxy: NetworkProxy): void {
    if (this.proxies.has(proxy.name)) throw new ProxyExistsError(proxy.name);
    this.proxies.set(proxy.name, proxy);
    this.adopted.add(proxy);
  }

  list(): NetworkProxy[] {
    return [...this.proxies.values()];
  }

  get(name: string): NetworkProxy {
    const p = this.proxies.get(name);
    if (!p) throw new ProxyNotFoundError(name);
    return p;
  }

  /** Create and start a proxy (Toxiproxy's POST /proxies). */
  async create(raw: ProxyConfig): Promise<NetworkProxy> {
    const cfg = checkConfig(raw, '');
    if (this.proxies.has(cfg.name)) throw new ProxyExistsError(cfg.name);
    return this.startNew(cfg);
  }

  /**
   * Toxiproxy's POST /populate: every config is checked before anything changes; a proxy
   * whose listen and upstream match is left as it is (a listen port of 0 matches any port),
   * one that differs is stopped and replaced, a missing one is created.
   */
  async populate(raw: unknown): Promise<NetworkProxy[]> {
    if (!Array.isArray(raw)) throw new ProxyConfigError('body', 'populate takes a JSON array of proxies');
    const cfgs = raw.map((c, i) => checkConfig(c, `proxies[${i}]`));
    const out: NetworkProxy[] = [];
    for (const cfg of cfgs) {
      const existing = this.proxies.get(cfg.name);
      if (existing && !this.differs(existing, cfg)) {
        out.push(existing);
        continue;
      }
      if (existing) await this.remove(cfg.name);
      out.push(await this.startNew(cfg));
    }
    return out;
  }

  /** Toxiproxy's POST /proxies/{name}: a new listen / upstream restarts it; enabled takes it down or up. */
  async update(name: string, raw: unknown): Promise<NetworkProxy> {
    const proxy = this.get(name);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ProxyConfigError('body', 'an update is an object {listen?, upstream?, enabled?}');
    const u = raw as ProxyUpdate;
    if (u.enabled !== undefined && typeof u.enabled !== 'boolean') throw new ProxyConfigError('enabled', 'enabled is true or false');
    const listen = u.listen !== undefined ? address(u.listen, 'listen') : undefined;
    const upstream = u.upstream !== undefined ? address(u.upstream, 'upstream') : undefined;
    const cur = proxy.listenAddress;
    const moves = (listen && (listen.host !== cur.host || (listen.port !== 0 && listen.port !== cur.port))) || (upstream && formatHostPort(upstream) !== formatHostPort(proxy.target));
    if (moves) await proxy.reconfigure({ ...(listen ? { listen } : {}), ...(upstream ? { upstream } : {}) });
    if (u.enabled !== undefined) proxy.setEnabled(u.enabled);
    await proxy.settled();
    return proxy;
  }

  /** Toxiproxy's DELETE /proxies/{name}: stopped and forgotten. */
  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    this.proxies.delete(name);
    this.adopted.delete(proxy);
    await proxy.stop();
  }

  /** Toxiproxy's POST /reset: every proxy enabled, every toxic removed. */
  async reset(): Promise<void> {
    for (const p of this.proxies.values()) {
      p.resetFaults();
      p.setEnabled(true);
    }
    await Promise.all([...this.proxies.values()].map((p) => p.settled().catch(() => undefined)));
  }

  /** Stop every proxy this registry created (adopted ones are their owner's to stop). */
  async close(): Promise<void> {
    const own = [...this.proxies.values()].filter((p) => !this.adopted.has(p));
    for (const p of own) this.proxies.delete(p.name);
    await Promise.all(own.map((p) => p.stop()));
  }

  private differs(p: NetworkProxy, cfg: Required<ProxyConfig>): boolean {
    const listen = address(cfg.listen, 'listen');
    const cur = p.listenAddress;
    if (listen.host !== cur.host || (listen.port !== 0 && listen.port !== cur.port)) return true;
    return formatHostPort(address(cfg.upstream, 'upstream')) !== formatHostPort(p.target);
  }

  private async startNew(cfg: Required<ProxyConfig>): Promise<NetworkProxy> {
    const listen = address(cfg.listen, 'listen');
    const upstream = address(cfg.upstream, 'upstream');
    const proxy = new NetworkProxy({ ...this.defaults, name: cfg.name, listenHost: listen.host, listenPort: listen.port, targetHost: upstream.host, targetPort: upstream.port });
    if (!cfg.enabled) proxy.setEnabled(false);
    await proxy.start();
    this.proxies.set(cfg.name, proxy);
    return proxy;
  }
}
