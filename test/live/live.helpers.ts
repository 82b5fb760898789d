/**
 * For the live page tests: a reference terminal started in this process and pointed only
 * at the addresses `posbench emulate` printed (as a physical terminal would be configured),
 * a till that drives it over ECR, and small HTTP helpers for the page's API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalRuntime } from '../../src/terminal/runtime';
import { DEFAULT_TERMINAL_CONFIG, applySetting } from '../../src/terminal/config';
import { SerialTransport } from '../../src/transports';
import { EcrTerminalDriver } from '../../src/bench/terminal-driver';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import type { EmulateAddresses } from '../../src/cli/commands/emulate';

export interface ExternalTerminal {
  ecr: string;
  till: EcrTerminalDriver;
  /** What the till saw (ECR requests, answers, display changes). */
  seen: EvidenceTimeline;
  stop(): Promise<void>;
}

/** The reference terminal, configured from the printed placeholders alone, with a till on its ECR port. */
export async function startTerminalAt(a: EmulateAddresses): Promise<ExternalTerminal> {
  const p = a.placeholders;
  let config = { ...DEFAULT_TERMINAL_CONFIG };
  for (const [k, v] of Object.entries({ host_address: p['host.address'], printer_port: p['printer.path'], host_timeout_ms: '1500', connect_timeout_ms: '1000', card_wait_timeout_ms: '5000' })) config = applySetting(config, k, v);
  config = { ...config, readerPort: p['reader.path'] };
  const stateDir = mkdtempSync(join(tmpdir(), 'posbench-live-terminal-'));
  const open = async (path: string, baudRate: number) => {
    const t = new SerialTransport({ path, lineSettings: { baudRate } });
    await t.open();
    return t;
  };
  const runtime = new TerminalRuntime({ config, stateDir, openPrinter: open, openReader: (path) => open(path, 115200) });
  const addr = await runtime.start();
  const seen = new EvidenceTimeline();
  const till = new EcrTerminalDriver(seen);
  await till.connect(addr.ecrHost, addr.ecrPort);
  return {
    ecr: `${addr.ecrHost}:${addr.ecrPort}`,
    till,
    seen,
    stop: async () => {
      await till.close();
      await runtime.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Resolve once the till's terminal shows `re` (display changes arrive over ECR as events). */
export function untilDisplay(t: ExternalTerminal, re: RegExp, timeoutMs = 10000): Promise<void> {
  if (t.till.displayHistory.some((d) => re.test(d))) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`the terminal did not show ${re} within ${timeoutMs} ms; it shows "${t.till.display}"`));
    }, timeoutMs);
    const off = t.seen.onEvent((e) => {
      if (e.kind !== 'display' || !re.test(e.summary)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

export async function getJson<T>(base: string, path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(path, base), init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export function postJson<T>(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  return getJson<T>(base, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
