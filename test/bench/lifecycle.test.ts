import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

function cycle(profile: string): Promise<{ code: number | null; out: string; err: string; cpuMs: number }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'bench-cycle.helpers.ts'), profile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, out, err, cpuMs: Number(process.hrtime.bigint() - started) / 1e6 });
    });
  });
}

for (const profile of ['reference', 'reference-pty']) {
  test(`a ${profile} bench tears down completely: the process exits on its own with nothing left open`, async () => {
    const r = await cycle(profile);
    assert.equal(r.code, 0, `the bench process did not exit cleanly (code ${r.code}; killed after 30 s means something kept it alive):\n${r.err}`);
    const report = JSON.parse(r.out.trim().split('\n').pop()!) as { outcome: string; alive: string[] };
    assert.equal(report.outcome, 'approved');
    assert.deepEqual(report.alive, [], `still open after stop(): ${report.alive.join(', ')}`);
  });
}
