/**
 * A journal record torn by the power: flash and SD cards write in pages, so a power cut in
 * the middle of an append leaves the first part of the record on disk and not the rest.
 * The bench cuts the power, then tears the last record of the terminal's journal as that
 * write would have (its first half kept, no line end), before the power comes back; the
 * firmware must boot, drop the torn record and go on (docs/desyncs.md, power-loss).
 *
 * The journal's file is the reference terminal's (`journal.jsonl` in its state directory,
 * one JSON record a line: src/terminal/journal.ts). A terminal whose state directory the
 * bench does not know, or that keeps no such file, cannot be torn this way: the caller says
 * why and skips.
 */
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { JOURNAL_FILE } from '../terminal/journal';

export { JOURNAL_FILE };

export type TornRecord = { file: string; line: number; bytes: number; keptBytes: number };

/** The journal file a power cut can tear, or why there is none. */
export function journalToTear(stateDir: string | undefined): { file: string } | { skipped: string } {
  if (!stateDir) return { skipped: "the bench does not know the terminal's state directory (an external or operator terminal keeps its own storage)" };
  const file = join(stateDir, JOURNAL_FILE);
  if (!existsSync(file)) return { skipped: `the terminal keeps no ${JOURNAL_FILE} in its state directory ${stateDir}: its journal's format is not the reference terminal's` };
  return { file };
}

/**
 * Tear the last record of `file`: keep its first half, without its line end — or, with
 * `lineEndOnly`, all of it but its line end (the cut landed on the last byte).
 */
export function tearLastRecord(file: string, lineEndOnly = false): TornRecord {
  const text = readFileSync(file);
  let end = text.length;
  while (end > 0 && text[end - 1] === 0x0a) end--;
  if (end === 0) throw new Error(`${file} holds no record to tear`);
  const start = text.lastIndexOf(0x0a, end - 1) + 1;
  const bytes = end - start;
  const keptBytes = lineEndOnly ? bytes : Math.floor(bytes / 2);
  truncateSync(file, start + keptBytes);
  return { file, line: text.subarray(0, start).filter((b) => b === 0x0a).length + 1, bytes, keptBytes };
}
