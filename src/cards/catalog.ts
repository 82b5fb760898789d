/**
 * The card catalog: cards as data (cards.yaml), validated with zod. Unknown keys, bad values
 * and inconsistent cards are CardCatalogError naming the file and the key path, e.g.
 * `cards.yaml: cards.VISA_CHIP.emv.aip: expected 4 hex digits`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PosbenchError } from '../util/errors';
import { luhnValid, maskPan } from '../util/mask';

export class CardCatalogError extends PosbenchError {
  constructor(
    readonly file: string,
    readonly keyPath: string,
    detail: string,
  ) {
    super('CARD_CATALOG', `${file}: ${keyPath ? keyPath + ': ' : ''}${detail}`);
  }
}

export const DEFAULT_CARD_CATALOG_PATH = join(__dirname, 'cards.yaml');

const hex = (bytesMin: number, bytesMax = bytesMin) =>
  z
    .string()
    .regex(/^([0-9A-Fa-f]{2})+$/, 'expected an even number of hex digits')
    .refine((s) => s.length / 2 >= bytesMin && s.length / 2 <= bytesMax, {
      message: bytesMin === bytesMax ? `expected ${bytesMin} bytes (${bytesMin * 2} hex digits)` : `expected ${bytesMin}–${bytesMax} bytes of hex`,
    })
    .transform((s) => s.toUpperCase());

const EmvSchema = z.strictObject({
  aid: hex(5, 16),
  aip: hex(2),
  atcStart: z.number().int().min(0).max(0xffff),
  iad: hex(1, 32),
  panSequence: z.string().regex(/^\d{2}$/, 'expected 2 digits'),
  countryCode: z.string().regex(/^\d{4}$/, 'expected 4 digits, e.g. "0156"').default('0156'),
  arqcKey: hex(16),
});

const CardSchema = z.strictObject({
  description: z.string().optional(),
  pan: z.string().regex(/^\d{12,19}$/, 'expected 12–19 digits'),
  expiry: z.string().regex(/^\d{2}(0[1-9]|1[0-2])$/, 'expected YYMM'),
  serviceCode: z.string().regex(/^\d{3}$/, 'expected 3 digits'),
  track2: z.string().regex(/^\d{12,19}=\d{7,}$/, 'expected PAN=YYMM+service code+discretionary data').max(37, 'track 2 holds at most 37 characters'),
  presentation: z.enum(['chip', 'swipe', 'tap']),
  emv: EmvSchema.optional(),
  behaviour: z
    .strictObject({
      chipFails: z.boolean().default(false),
      pulledEarly: z.boolean().default(false),
    })
    .default({ chipFails: false, pulledEarly: false }),
  cardholder: z.strictObject({
    startingBalanceMinor: z.number().int().min(0),
  }),
});

const CatalogSchema = z.strictObject({
  cards: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'card names are UPPER_SNAKE_CASE'), CardSchema),
});

export type Presentation = 'chip' | 'swipe' | 'tap';
export type EmvData = z.output<typeof EmvSchema>;

export interface Card {
  readonly name: string;
  readonly description?: string;
  /** Full PAN — internal only; never log it (use maskedPan). */
  readonly pan: string;
  readonly maskedPan: string;
  /** YYMM */
  readonly expiry: string;
  readonly serviceCode: string;
  readonly track2: string;
  readonly presentation: Presentation;
  readonly emv?: EmvData;
  readonly behaviour: { readonly chipFails: boolean; readonly pulledEarly: boolean };
  readonly cardholder: { readonly startingBalanceMinor: number };
  /** Derived: does the PAN pass Luhn? */
  readonly luhnValid: boolean;
  /** Derived: service code 2xx / 6xx — a swipe must be redirected to the chip reader. */
  readonly hasChip: boolean;
}

/** Is the card expired at `at` (a card is valid through the last day of its expiry month)? */
export function isExpired(card: Pick<Card, 'expiry'>, at: Date): boolean {
  const yy = Number(card.expiry.slice(0, 2));
  const mm = Number(card.expiry.slice(2, 4));
  const firstDayAfter = Date.UTC(2000 + yy, mm, 1); // month index mm = the month after
  return at.getTime() >= firstDayAfter;
}

export class CardCatalog {
  private readonly byName: ReadonlyMap<string, Card>;

  constructor(
    cards: Card[],
    readonly source: string,
  ) {
    this.byName = new Map(cards.map((c) => [c.name, c]));
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): Card[] {
    return [...this.byName.values()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The card by catalog name; an unknown name is a CardCatalogError listing the known ones. */
  get(name: string): Card {
    const card = this.byName.get(name);
    if (!card) throw new CardCatalogError(this.source, name, `unknown card; known: ${this.names().join(', ')}`);
    return card;
  }

  /** The first card with this PAN that has EMV data (else the first with the PAN). Cards sharing a PAN are one account. */
  byPan(pan: string): Card | undefined {
    const all = this.all().filter((c) => c.pan === pan);
    return all.find((c) => c.emv) ?? all[0];
  }
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => String(p)).join('.');
}

/** Parse catalog YAML text; `source` names the file in errors. */
export function parseCardCatalog(text: string, source = 'cards.yaml'): CardCatalog {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new CardCatalogError(source, '', `not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => pathText([...issue.path, k]));
      throw new CardCatalogError(source, keys[0]!, `unknown key${keys.length > 1 ? 's ' + keys.join(', ') : ''}`);
    }
    throw new CardCatalogError(source, pathText(issue.path), issue.message);
  }
  const cards: Card[] = [];
  for (const [name, c] of Object.entries(parsed.data.cards)) {
    const at = `cards.${name}`;
    const [t2pan, t2rest] = c.track2.split('=') as [string, string];
    if (t2pan !== c.pan) throw new CardCatalogError(source, `${at}.track2`, 'PAN in track 2 differs from pan');
    if (t2rest.slice(0, 4) !== c.expiry) throw new CardCatalogError(source, `${at}.track2`, 'expiry in track 2 differs from expiry');
    if (t2rest.slice(4, 7) !== c.serviceCode) throw new CardCatalogError(source, `${at}.track2`, 'service code in track 2 differs from serviceCode');
    const hasChip = c.serviceCode[0] === '2' || c.serviceCode[0] === '6';
    if ((c.presentation === 'chip' || c.presentation === 'tap') && !c.emv) {
      throw new CardCatalogError(source, `${at}.emv`, `a card presented by ${c.presentation} needs emv data`);
    }
    if (c.presentation === 'chip' && !hasChip) {
      throw new CardCatalogError(source, `${at}.serviceCode`, 'a chip card needs service code 2xx or 6xx');
    }
    cards.push({
      name,
      description: c.description,
      pan: c.pan,
      maskedPan: maskPan(c.pan),
      expiry: c.expiry,
      serviceCode: c.serviceCode,
      track2: c.track2,
      presentation: c.presentation,
      emv: c.emv,
      behaviour: c.behaviour,
      cardholder: c.cardholder,
      luhnValid: luhnValid(c.pan),
      hasChip,
    });
  }
  // Cards sharing a PAN are one account: same balance, same chip (key, ATC sequence).
  for (const a of cards) {
    for (const b of cards) {
      if (a === b || a.pan !== b.pan || a.name > b.name) continue;
      if (a.cardholder.startingBalanceMinor !== b.cardholder.startingBalanceMinor) {
        throw new CardCatalogError(source, `cards.${b.name}.cardholder.startingBalanceMinor`, `differs from ${a.name}, which has the same PAN (one account)`);
      }
      if (a.emv && b.emv && JSON.stringify(a.emv) !== JSON.stringify(b.emv)) {
        throw new CardCatalogError(source, `cards.${b.name}.emv`, `differs from ${a.name}, which has the same PAN (one chip)`);
      }
    }
  }
  return new CardCatalog(cards, source);
}

/** Load and validate a catalog file (default: src/cards/cards.yaml). */
export function loadCardCatalog(path: string = DEFAULT_CARD_CATALOG_PATH): CardCatalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CardCatalogError(path, '', `cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseCardCatalog(text, path);
}

/** One account per PAN (catalog cards that share a PAN are one account). Expiry is judged per request (field 14). */
export function uniqueAccounts(catalog: CardCatalog): Array<{ pan: string; balanceMinor: number }> {
  const seen = new Map<string, { pan: string; balanceMinor: number }>();
  for (const c of catalog.all()) {
    if (!seen.has(c.pan)) seen.set(c.pan, { pan: c.pan, balanceMinor: c.cardholder.startingBalanceMinor });
  }
  return [...seen.values()];
}
