/**
 * The nearest canonical phrasing for a step text no definition matches. Both sides are
 * abstracted first — quoted text, numbers and amounts, card names, hyphenated names become
 * placeholders — so "the issuer approve all transactions" is one letter from "the issuer
 * approves all transactions", and "a sale of 9.99 is paid with card VISA_CHIP" is near
 * "a sale of {amount} is paid with the card {card}" whatever the values.
 */
export interface Phrasing {
  /** The canonical text shown to the user, e.g. "When a sale of {amount} is paid with the card {card}". */
  display: string;
  /** Texts that stand for it (the expression and an example), compared after abstraction. */
  forms: readonly string[];
}

export interface Suggestion {
  display: string;
  distance: number;
}

/** Parameter placeholders of an expression → one token per kind of value. */
const EXPRESSION_PARAMS: Record<string, string> = {
  '{string}': '"_"',
  '{code}': '"_"',
  '{word}': 'W',
  '{int}': '0',
  '{float}': '0',
  '{amount}': '0',
  '{card}': 'C',
  '{desync}': 'H',
  '{cause}': 'H',
};

/** Abstract a cucumber expression (or a readable phrasing of a regexp) to the comparison form. */
export function abstractExpression(expression: string): string {
  return expression
    .replace(/\{[a-z]*\}/g, (p) => EXPRESSION_PARAMS[p] ?? 'W')
    .replace(/\(s\)/g, 's')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Abstract a step text as written in a feature. */
export function abstractStepText(text: string): string {
  return text
    .replace(/"[^"]*"/g, '"_"')
    .replace(/\b\d+(?:\.\d+)?(?: [A-Z]{3}\b)?/g, '0')
    .replace(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g, 'C')
    .replace(/\b[a-z]+(?:-[a-z]+)+\b/g, 'H')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The nearest phrasings to `text`, best first: the best one always, and up to `max - 1`
 * more that are about as near (within a few edits of the best).
 */
export function nearestPhrasings(text: string, phrasings: readonly Phrasing[], max = 3): Suggestion[] {
  const t = abstractStepText(text);
  const scored = phrasings
    .map((p) => ({ display: p.display, distance: Math.min(...p.forms.map((f) => editDistance(t, f))) }))
    .sort((a, b) => a.distance - b.distance || a.display.localeCompare(b.display));
  if (scored.length === 0) return [];
  const best = scored[0]!.distance;
  return scored.filter((s, i) => i === 0 || (i < max && s.distance <= best + 3));
}
