/**
 * Files and links that are valid at every instant: a writer hammering them is read from
 * outside and SIGKILLed at an arbitrary moment; no read ever sees a torn, empty or missing one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeAbandonedTemps, replaceSymlink, writeFileAtomic } from '../../src/util/atomic-write';

const MODULE = join(__dirname, '..', '..', 'src', 'util', 'atomic-write.ts');

/** A child process running `loop` forever (it prints "go" once it has written at least once). */
function hammer(loop: string): ReturnType<typeof spawn> {
  const code = `const m = require(${JSON.stringify(MODULE)}); let n = 0; for (;;) { ${loop}; if (++n === 20) process.stdout.write('go\\n'); }`;
  return spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function started(child: ReturnType<typeof spawn>): Promise<void> {
  await new Promise<void>((res, rej) => {
    child.stdout!.once('data', () => res());
    child.once('exit', (c) => rej(new Error(`the writer exited early (${c})`)));
  });
}

async function killed(child: ReturnType<typeof spawn>): Promise<void> {
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

test('writeFileAtomic: replaces the content, leaves no temporary file behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-atomic-'));
  try {
    const f = join(dir, 'summary.json');
    writeFileAtomic(f, '{"a":1}');
    writeFileAtomic(f, Buffer.from('{"a":2}'));
    assert.equal(readFileSync(f, 'utf8'), '{"a":2}');
    assert.deepEqual(readdirSync(dir), ['summary.json']);
    assert.throws(() => writeFileAtomic(join(dir, 'no-such-dir', 'x.json'), '{}'), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic: read while being rewritten and after a SIGKILL of the writer, the file is always whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-atomic-'));
  const f = join(dir, 'junit.json');
  const child = hammer(`m.writeFileAtomic(${JSON.stringify(f)}, JSON.stringify({ n, pad: 'x'.repeat(100000 + (n % 7) * 10000) }))`);
  try {
    await started(child);
    let reads = 0;
    for (let i = 0; i < 300; i++) {
      const n = (JSON.parse(readFileSync(f, 'utf8')) as { n: number }).n; // throws on a torn file
      assert.ok(n >= 19);
      reads++;
    }
    await killed(child);
    assert.equal(reads, 300);
    assert.ok((JSON.parse(readFileSync(f, 'utf8')) as { pad: string }).pad.length >= 100000, 'whole after the kill');
    // what the killed writer may have left between write and rename goes; a live writer's stays
    writeFileSync(join(dir, `.junit.json.${child.pid}.7.tmp`), '{"n":');
    writeFileSync(join(dir, `.junit.json.${process.pid}.9.tmp`), '{');
    assert.ok(removeAbandonedTemps(dir).every((n) => n.includes(`.${child.pid}.`)));
    assert.deepEqual(readdirSync(dir).sort(), [`.junit.json.${process.pid}.9.tmp`, 'junit.json']);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('replaceSymlink: a real folder migrates to a link; read while being swapped and after a SIGKILL, the link always resolves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-latest-'));
  const link = join(dir, 'latest');
  for (const run of ['run-a', 'run-b']) {
    mkdirSync(join(dir, run));
    writeFileSync(join(dir, run, 'marker'), run);
  }
  mkdirSync(link);
  writeFileSync(join(link, 'marker'), 'old copy');
  replaceSymlink('run-a', link);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readlinkSync(link), 'run-a', 'relative, so the reports folder can move');
  assert.equal(readFileSync(join(link, 'marker'), 'utf8'), 'run-a');
  const child = hammer(`m.replaceSymlink(n % 2 ? 'run-a' : 'run-b', ${JSON.stringify(link)})`);
  try {
    await started(child);
    for (let i = 0; i < 500; i++) assert.match(readFileSync(join(link, 'marker'), 'utf8'), /^run-[ab]$/);
    await killed(child);
    assert.match(readFileSync(join(link, 'marker'), 'utf8'), /^run-[ab]$/);
    assert.ok(existsSync(join(dir, 'run-a', 'marker')) && existsSync(join(dir, 'run-b', 'marker')), 'the runs themselves are untouched');
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
