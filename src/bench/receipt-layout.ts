/**
 * A receipt against its expected layout, line by line (the step `Then the last receipt
 * reads:`): the lines as they came out of the printer — centred lines with their leading
 * blanks, separators, blank lines inside the slip — against a written-out slip. In an
 * expected line `…` stands for any run of characters (a date, an RRN, a chip cryptogram); a
 * line that is `…` alone stands for any number of lines (the rest of a slip the scenario
 * does not care about). Trailing blanks are ignored on both sides. A receipt's leading and
 * trailing blank lines (the feed to the cutter) are not part of it (Receipt.text()).
 */

const ANY_LINES = '…';

/** The first difference between the expected layout and the printed text, or undefined when they agree. */
export function layoutDifference(expected: string, printed: string): string | undefined {
  const want = expected.split('\n').map((l) => l.trimEnd());
  const got = printed.split('\n').map((l) => l.trimEnd());
  const matchers = want.map((w) => (w.trim() === ANY_LINES ? undefined : lineMatcher(w)));
  // The furthest printed line any attempt reached, and what was expected there: the difference to name.
  let furthest = { got: -1, want: 0 };
  const seen = new Set<string>();
  const match = (wi: number, gi: number): boolean => {
    const key = `${wi}:${gi}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (gi > furthest.got || (gi === furthest.got && wi > furthest.want)) furthest = { got: gi, want: wi };
    if (wi === want.length) return gi === got.length;
    const m = matchers[wi];
    if (m === undefined) return match(wi + 1, gi) || (gi < got.length && match(wi, gi + 1));
    return gi < got.length && m.test(got[gi]!) && match(wi + 1, gi + 1);
  };
  if (match(0, 0)) return undefined;
  const { got: gi, want: wi } = furthest;
  const line = gi + 1;
  if (wi >= want.length) return `line ${line}: printed "${got[gi]}", the expected layout ends at line ${want.length}`;
  if (gi >= got.length) return `line ${line}: expected "${want[wi]}", the receipt ends at line ${got.length}`;
  return `line ${line}: expected "${want[wi]}", printed "${got[gi]}"`;
}

/** Whether `text` is `pattern`, where `…` in the pattern stands for any run of characters. */
export function matchesWithEllipsis(pattern: string, text: string): boolean {
  return lineMatcher(pattern).test(text);
}

function lineMatcher(line: string): RegExp {
  const parts = line.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 'u');
}
