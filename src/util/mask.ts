/**
 * PAN masking (PCI DSS 3.3): show at most the first 6 and the last 4 digits.
 * Everything that leaves the process (logs, reports, attachments) goes through here.
 */

/** Mask one PAN: first 6, `*` for the middle, last 4. Shorter than 11 digits → keep last 4 only. */
export function maskPan(pan: string): string {
  const digits = pan.trim();
  if (digits.length < 11) return '*'.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4);
  return digits.slice(0, 6) + '*'.repeat(digits.length - 10) + digits.slice(-4);
}

/** Luhn check over a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const CANDIDATE = /\d{13,}/g;

/** Does some 13–19 digit stretch of `run` look like a card number (issuer prefix 2–6 and Luhn)? */
function holdsPan(run: string): boolean {
  for (let i = 0; i + 13 <= run.length; i++) {
    if (run[i]! < '2' || run[i]! > '6') continue;
    for (let len = 13; len <= 19 && i + len <= run.length; len++) if (luhnValid(run.slice(i, i + len))) return true;
  }
  return false;
}

/**
 * Mask every run of 13 or more digits in free text that looks like or may hold a PAN.
 * A run of 13–19 digits is masked when it passes Luhn or starts with a known card prefix
 * (3, 4, 5, 6) — a harness would rather over-mask a reference number than leak a card
 * number that fails Luhn (a test card for the "bad check digit" flow does exactly that) —
 * or when a card-number-like stretch sits inside it (a length prefix or track 3's "99"
 * glued to the PAN). A longer run (the hex of a packed message: BCD PAN between other BCD
 * fields) cannot be told apart, so it keeps only its first 6 and last 4 digits.
 */
export function maskPansInText(text: string): string {
  return text.replace(CANDIDATE, (run) => {
    if (run.length > 19) return run.slice(0, 6) + '*'.repeat(run.length - 10) + run.slice(-4);
    return luhnValid(run) || /^[3-6]/.test(run) || holdsPan(run) ? maskPan(run) : run;
  });
}

/** Deep-copy a JSON-like value with every string passed through maskPansInText. */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPansInText(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v)) as unknown as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskDeep(v);
    return out as T;
  }
  return value;
}
