/**
 * The live bench page's API around `posbench emulate`'s bench (in this process): every fault
 * control is an injection with its cause; a reference terminal configured only from the
 * printed addresses sells, and the page serves the receipt as an image, the masked ISO 8583
 * exchange, the oracle's verdict and the timeline as server-sent events; the token.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulators } from '../../src/cli/commands/emulate';
import { CONTROLS } from '../../src/live/controls';
import { injectionsFrom } from '../../src/bench/injections';
import { loadProfile, PROJECT_ROOT, ProfileError } from '../../src/bench/profile';
import { loadCardCatalog } from '../../src/cards';
import { getJson, postJson, startTerminalAt, untilDisplay } from './live.helpers';

const REFERENCE = readFileSync(join(PROJECT_ROOT, 'hardware-profiles', 'reference.yaml'), 'utf8');

function tempProfile(name: string, extra: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-live-profile-'));
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `${REFERENCE.replace(/^name: reference$/m, `name: ${name}`)}\n${extra}\n`);
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

test('every fault control is recorded with its cause; a decline and the clearing actions are controls, not disturbances', async () => {
  const emu = await startEmulators('reference');
  try {
    const base = emu.addresses.page;
    for (const c of CONTROLS.filter((x) => x.device !== 'reader')) {
      const r = await postJson<{ id: string; what: string; cause?: string; error?: string }>(base, `/api/controls/${c.id}`, {});
      assert.equal(r.status, 200, `${c.id}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.cause, c.fault?.cause, c.id);
    }
    const injections = injectionsFrom(emu.bench.timeline.all());
    const faults = CONTROLS.filter((c) => c.fault);
    assert.equal(injections.length, faults.length, injections.map((i) => i.what).join('\n'));
    for (const [i, c] of faults.entries()) {
      assert.equal(injections[i]!.cause, c.fault!.cause, c.id);
      assert.match(injections[i]!.what, /\(from the bench page\)$/);
    }
    const controls = emu.bench.timeline.filter((e) => e.kind === 'page.control').map((e) => (e.data as { control: string }).control);
    assert.deepEqual(controls, CONTROLS.filter((c) => !c.fault && c.device !== 'reader').map((c) => c.id));
    // Bad input is refused with a reason, unknown controls with the list.
    const bad = await postJson<{ error: string }>(base, '/api/controls/issuer.delay', { ms: -1 });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /^ms: a whole number 0–600000, got -1$/);
    const unknown = await postJson<{ error: string }>(base, '/api/controls/printer.explode', {});
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error, /known: printer\.no-paper, /);
  } finally {
    await emu.stop();
  }
});

/** Read the event stream until `until` holds for an event; resolves with the events seen. */
function readEvents(url: string, until: (e: { kind: string; summary: string }) => boolean): Promise<Array<{ kind: string; summary: string }>> {
  return new Promise((resolve, reject) => {
    const seen: Array<{ kind: string; summary: string }> = [];
    const req = request(new URL('/api/events', url), (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!block.startsWith('event: timeline')) continue;
          const e = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { kind: string; summary: string };
          seen.push(e);
          if (until(e)) {
            req.destroy();
            resolve(seen);
          }
        }
      });
    });
    req.on('error', (e) => (seen.length ? undefined : reject(e)));
    req.end();
  });
}

test('a terminal configured from the printed addresses sells; the page shows the receipt image, the masked exchange, the verdict and the timeline', async () => {
  const emu = await startEmulators('reference');
  const terminal = await startTerminalAt(emu.addresses);
  try {
    const base = emu.addresses.page;
    const stream = readEvents(base, (e) => e.kind === 'receipt.completed');
    assert.equal((await postJson(base, '/api/terminal', { ecr: terminal.ecr })).status, 200);
    assert.equal((await terminal.till.signOn()).ok, true);
    const sale = terminal.till.sale(2500);
    await untilDisplay(terminal, /PRESENT CARD/);
    assert.equal((await postJson(base, '/api/controls/reader.present', { card: 'VISA_CHIP' })).status, 200);
    assert.equal((await sale).outcome, 'approved');
    await postJson(base, '/api/controls/reader.remove', {});
    const events = await stream;
    assert.ok(events.some((e) => e.kind === 'iso8583.in'), 'the stream carries the exchange as it happens');

    const receipts = await getJson<Array<{ complete: boolean; text: string }>>(base, '/api/receipts');
    assert.equal(receipts.body.length, 1);
    assert.equal(receipts.body[0]!.complete, true);
    const png = await fetch(new URL('/api/receipts/0.png', base));
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal((await fetch(new URL('/api/receipts/7.png', base))).status, 404);

    const pan = loadCardCatalog().get('VISA_CHIP').pan;
    const masked = `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
    const messages = await getJson<Array<{ mti?: string; describe?: string }>>(base, '/api/messages');
    const request0200 = messages.body.find((m) => m.mti === '0200');
    assert.ok(request0200?.describe?.includes(`F002 Primary Account Number: "${masked}"`), JSON.stringify(messages.body));
    assert.ok(messages.body.some((m) => m.mti === '0210' && /F039 Response Code: "00"/.test(m.describe ?? '')));
    for (const path of ['/api/messages', '/api/receipts', '/api/timeline', '/api/state']) {
      const text = await (await fetch(new URL(path, base))).text();
      assert.ok(!text.includes(pan), `${path} shows the full card number`);
    }
    const verdict = await getJson<{ state: string }>(base, '/api/verdict');
    assert.deepEqual(verdict.body.state, 'in-sync', JSON.stringify(verdict.body));
  } finally {
    await terminal.stop();
    await emu.stop();
  }
});

test('with a token every request must carry it (header or ?token=), else 401; beyond loopback a profile needs one', async () => {
  const token = 'a-bench-page-token-for-tests';
  const p = tempProfile('live-token', `page:\n  listen_host: 0.0.0.0\n  token: ${token}\n`);
  const emu = await startEmulators(p.file);
  try {
    const { page } = emu.addresses;
    assert.match(page, new RegExp(`^http://0\\.0\\.0\\.0:\\d+/\\?token=${token}$`));
    const bare = page.slice(0, page.indexOf('?')).replace('0.0.0.0', '127.0.0.1');
    for (const path of ['', 'api/state', 'api/events', 'page.js']) assert.equal((await fetch(bare + path)).status, 401, path);
    assert.equal((await fetch(`${bare}api/state`, { headers: { authorization: 'Bearer wrong-token-of-same-len' } })).status, 401);
    assert.equal((await postJson(bare, '/api/controls/printer.no-paper', {})).status, 401);
    assert.equal(emu.bench.printer!.status().paper, 'ok', 'a request without the token changes nothing');
    assert.equal((await fetch(`${bare}api/state`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    assert.equal((await fetch(`${bare}api/state?token=${token}`)).status, 200);
    assert.equal((await fetch(`${bare}?token=${token}`)).status, 200);
  } finally {
    await emu.stop();
    p.remove();
  }
  const open = tempProfile('live-open', 'page:\n  listen_host: 0.0.0.0\n');
  try {
    assert.throws(() => loadProfile(open.file), (e: unknown) => e instanceof ProfileError && /: page\.token: required when page\.listen_host is 0\.0\.0\.0/.test(e.message));
  } finally {
    open.remove();
  }
});

test('a dut.run external profile: its ECR port is tried at once; a terminal that is not up yet can be attached from the page later', async () => {
  const p = tempProfile('live-external', '');
  writeFileSync(p.file, readFileSync(p.file, 'utf8').replace('  run: in-process\n', '  run: external\n  ecr: { host: 127.0.0.1, port: 1 }\n'));
  const emu = await startEmulators(p.file);
  let terminal: Awaited<ReturnType<typeof startTerminalAt>> | undefined;
  try {
    const t = emu.addresses.terminal!;
    assert.equal(t.ecr, '127.0.0.1:1');
    assert.equal(t.attached, false);
    assert.match(t.error ?? '', /ECONNREFUSED|refused/i);
    const unknown = await getJson<{ state: string; reason: string }>(emu.addresses.page, '/api/verdict');
    assert.equal(unknown.body.state, 'unknown');
    assert.match(unknown.body.reason, /no terminal attached/);
    const bad = await postJson<{ error: string }>(emu.addresses.page, '/api/terminal', { ecr: 'not an address' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /^ecr: /);
    terminal = await startTerminalAt(emu.addresses);
    assert.equal((await postJson(emu.addresses.page, '/api/terminal', { ecr: terminal.ecr })).status, 200);
    assert.equal((await getJson<{ terminal: { attached: boolean } }>(emu.addresses.page, '/api/state')).body.terminal.attached, true);
    assert.equal((await getJson<{ state: string }>(emu.addresses.page, '/api/verdict')).body.state, 'in-sync');
  } finally {
    await terminal?.stop();
    await emu.stop();
    p.remove();
  }
});

test('an emulate session keeps only the newest evidence in memory, and every injection', async () => {
  const emu = await startEmulators('reference', undefined, 200);
  try {
    await postJson(emu.addresses.page, `/api/controls/${CONTROLS.find((c) => c.fault && c.device !== 'reader')!.id}`, {});
    for (let i = 0; i < 2000; i++) emu.bench.timeline.record({ source: 'step', kind: 'note', summary: `event ${i}` });
    const all = emu.bench.timeline.all();
    assert.ok(all.length <= 200 * 1.5 + 10, `${all.length} events held`);
    assert.equal(all.at(-1)?.summary, 'event 1999');
    assert.equal(injectionsFrom(all).length, 1, 'the injection is kept');
  } finally {
    await emu.stop();
  }
  const unbounded = await startEmulators('reference', undefined, 0);
  try {
    for (let i = 0; i < 2000; i++) unbounded.bench.timeline.record({ source: 'step', kind: 'note', summary: `event ${i}` });
    assert.ok(unbounded.bench.timeline.all().length >= 2000);
  } finally {
    await unbounded.stop();
  }
});
