/**
 * `--terminal-defect NAME[,NAME…]` for `posbench run` and `posbench certify`: seeded
 * firmware defects (src/terminal/defects.ts, docs/desyncs.md Seeded firmware defects) for
 * the whole run. A copy of the profile with the terminal setting `defects` set is written to
 * a temporary folder and run; scenarios that set `defects` themselves still do.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { parseDocument } from 'yaml';
import { loadProfile } from '../bench/profile';
import { parseDefects, UnknownDefectError } from '../terminal/defects';

export const TERMINAL_DEFECT_HELP = 'seed firmware defects for the whole run (comma-separated names; docs/desyncs.md, Seeded firmware defects), set as the terminal setting "defects"';

/** Commander's parser for the option: the names, checked and normalised ("a,b"); an unknown one names the known ones. */
export function parseDefectOption(v: string): string {
  try {
    const list = parseDefects(v);
    if (!list.length) throw new InvalidArgumentError('name at least one defect');
    return list.join(',');
  } catch (e) {
    if (e instanceof UnknownDefectError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

/** A copy of the profile whose terminal runs with `defects` set; returns its path (validated by loading it). */
export function profileWithDefects(profile: string, defects: string, dir: string): string {
  const source = loadProfile(profile).file;
  const doc = parseDocument(readFileSync(source, 'utf8'));
  doc.setIn(['dut', 'settings', 'defects'], defects);
  const file = join(dir, basename(source));
  writeFileSync(file, doc.toString());
  loadProfile(file); // a defect the terminal does not know fails here, naming dut.settings.defects
  return file;
}

/** Runs `fn` on the profile, or on a temporary copy of it with the defects seeded; the copy is removed after. */
export async function withDefects<T>(profile: string, defects: string | undefined, fn: (profile: string) => Promise<T>): Promise<T> {
  if (!defects) return fn(profile);
  const dir = mkdtempSync(join(tmpdir(), 'posbench-defects-'));
  try {
    return await fn(profileWithDefects(profile, defects, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
