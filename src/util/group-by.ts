/** Records grouped by a key, each group in the records' order; records without a key are left out. */
export function groupBy<T>(records: readonly T[], keyOf: (r: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of records) {
    const k = keyOf(r);
    if (k === undefined) continue;
    const group = out.get(k);
    if (group) group.push(r);
    else out.set(k, [r]);
  }
  return out;
}
