/**
 * HTTP control API (express 5, JSON, 127.0.0.1 by default) so steps and people can drive an
 * issuer running in another process. Served around the model (`serveControlApi(issuer)`):
 *   GET /health · GET /ledger · GET /messages · GET/POST/DELETE /rules · DELETE /rules/:id
 *   POST /reset · GET /accounts/:pan · PUT /accounts/:pan/balance {balanceMinor}
 *   GET /magic-amounts · PUT /magic-amounts {enabled}
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { serveHttp, type HttpServerHandle, type ServeOptions } from '../../src/util/serve-http';
import type { IssuerBankEmulator } from './issuer-bank';
import { issuerRuleSchema, MAGIC_AMOUNTS, RuleError } from './rules';

export type ControlApiHandle = HttpServerHandle;

const balanceSchema = z.strictObject({ balanceMinor: z.number().int() });
const magicSchema = z.strictObject({ enabled: z.boolean() });

function issuesText(err: z.ZodError): Array<{ path: string; message: string }> {
  return err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export function createControlApp(issuer: IssuerBankEmulator): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', dialect: issuer.dialect.name, address: issuer.boundAddress ?? null, ...issuer.statistics() });
  });

  app.get('/ledger', (_req, res) => {
    res.json({
      events: issuer.ledger.events(),
      accounts: issuer.ledger.accountsView(),
      holds: issuer.ledger.holds(),
      merchantTotals: issuer.ledger.merchantTotals(),
    });
  });

  app.get('/messages', (req, res) => {
    const all = issuer.messages();
    const limit = Number(req.query['limit']);
    res.json(Number.isInteger(limit) && limit > 0 ? all.slice(-limit) : all);
  });

  app.get('/rules', (_req, res) => {
    res.json(issuer.rules());
  });

  app.post('/rules', (req, res) => {
    const parsed = issuerRuleSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid rule', issues: issuesText(parsed.error) });
      return;
    }
    const id = issuer.addRule(parsed.data);
    res.status(201).json({ id });
  });

  app.delete('/rules', (_req, res) => {
    issuer.clearRules();
    res.status(204).end();
  });

  app.delete('/rules/:id', (req, res) => {
    if (!issuer.removeRule(String(req.params['id']))) {
      res.status(404).json({ error: `no rule "${String(req.params['id'])}"` });
      return;
    }
    res.status(204).end();
  });

  app.get('/magic-amounts', (_req, res) => {
    res.json({ enabled: issuer.magicAmounts, table: MAGIC_AMOUNTS });
  });

  app.put('/magic-amounts', (req, res) => {
    const parsed = magicSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'body must be {"enabled": true|false}', issues: issuesText(parsed.error) });
      return;
    }
    issuer.setMagicAmounts(parsed.data.enabled);
    res.json({ enabled: issuer.magicAmounts });
  });

  app.post('/reset', (_req, res) => {
    issuer.reset();
    res.json({ status: 'reset' });
  });

  app.get('/accounts/:pan', (req, res) => {
    const a = issuer.ledger.account(String(req.params['pan']));
    if (!a) {
      res.status(404).json({ error: 'no such account' });
      return;
    }
    res.json(a);
  });

  app.put('/accounts/:pan/balance', (req, res) => {
    const pan = String(req.params['pan']);
    if (!/^\d{12,19}$/.test(pan)) {
      res.status(400).json({ error: 'the PAN in the path must be 12–19 digits' });
      return;
    }
    const parsed = balanceSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'body must be {"balanceMinor": <integer>}', issues: issuesText(parsed.error) });
      return;
    }
    issuer.ledger.setBalance(pan, parsed.data.balanceMinor);
    res.json(issuer.ledger.account(pan));
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'no such endpoint' });
  });

  // Error handler (four arguments): bad JSON, rule errors, anything unexpected.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof RuleError) {
      res.status(400).json({ error: err.message, key: err.key });
      return;
    }
    const e = err as { status?: number; type?: string; message?: string };
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500;
    res.status(status).json({ error: e.message ?? 'internal error' });
  });
  return app;
}

/**
 * Serve the control API around an issuer (whoever owns the issuer starts it and closes it;
 * the issuer knows nothing of HTTP). 127.0.0.1 and a free port by default.
 */
export function serveControlApi(issuer: IssuerBankEmulator, o: ServeOptions = {}): Promise<ControlApiHandle> {
  return serveHttp(createControlApp(issuer), o);
}
