/**
 * Fonts for receipt images. Two sources, chosen once per process:
 * - `system`: WenQuanYi Micro Hei (Debian `fonts-wqy-microhei`, /usr/share/fonts/truetype/wqy/)
 *   when the file is there — one font for Latin and Chinese;
 * - `npm`: Noto Sans SC from `@fontsource-variable/noto-sans-sc` (SIL OFL, ~5 MB of WOFF2),
 *   which Google Fonts slices into ~100 files by Unicode range: together they hold every
 *   character of Noto Sans SC (all of GB2312 and far more, Latin included). Each slice is
 *   registered under its own family name the first time a character from it is drawn;
 *   the renderer draws character by character, so it asks `familyFor(ch)`. Those slices
 *   leave out 33 rare GB2312 hanzi (劐, 阢, 坶 …); those and anything else outside them
 *   come from UnifontEX (`@fontsource/unifontex`, SIL OFL, 2 MB: a 16×16 bitmap font of
 *   the whole BMP), so every GB2312 character has a glyph.
 * `POSBENCH_FONT=system|npm|auto` (default auto: system when present, npm otherwise) forces one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

export const CJK_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
export const FONT_ENV = 'POSBENCH_FONT';
const SYSTEM_FAMILY = 'WQY Micro Hei';
const NPM_PACKAGE = '@fontsource-variable/noto-sans-sc';
const FALLBACK_PACKAGE = '@fontsource/unifontex';
const FALLBACK_FAMILY = 'posbench-unifontex';

export interface ReceiptFontInfo {
  /** Where the glyphs come from. */
  source: 'system' | 'npm' | 'none';
  /** A family for short captions (Latin): the system font, or the npm font's Latin slice. */
  family: string;
  /** The system font file looked for. */
  path: string;
  /** True when Chinese characters render (from either source). */
  available: boolean;
  /** Why this source (for notes and the evidence). */
  reason: string;
  /** Set when Chinese will not render (what to install). */
  note?: string;
  /** The font family that has this character (falls back to `family`). */
  familyFor(ch: string): string;
}

interface Slice {
  lo: number;
  hi: number;
  key: string;
}

/** The npm font's slices from its unicode.json ({"[119]": "U+4e00-4e01,…", "latin": …}), sorted by range. */
function loadSlices(): { dir: string; slices: Slice[] } | undefined {
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve(`${NPM_PACKAGE}/unicode.json`));
  } catch {
    return undefined;
  }
  const table = JSON.parse(readFileSync(join(pkgDir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const slices: Slice[] = [];
  for (const [key, ranges] of Object.entries(table)) {
    for (const r of ranges.split(',')) {
      const m = /^U\+([0-9a-f]+)(?:-([0-9a-f]+))?$/i.exec(r.trim());
      if (!m) continue;
      slices.push({ lo: parseInt(m[1]!, 16), hi: parseInt(m[2] ?? m[1]!, 16), key: key.replace(/[[\]]/g, '') });
    }
  }
  slices.sort((a, b) => a.lo - b.lo);
  return { dir: join(pkgDir, 'files'), slices };
}

class NpmFont {
  private readonly registered = new Map<string, string | null>();
  private fallback: string | null | undefined;
  constructor(
    private readonly dir: string,
    private readonly slices: Slice[],
  ) {}

  /** The slice holding code point `cp`, or undefined (binary search). */
  sliceOf(cp: number): string | undefined {
    let lo = 0;
    let hi = this.slices.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.slices[mid]!;
      if (cp < s.lo) hi = mid - 1;
      else if (cp > s.hi) lo = mid + 1;
      else return s.key;
    }
    return undefined;
  }

  /** Registers the slice's WOFF2 once; its family name, or null when it cannot be loaded. */
  family(key: string): string | null {
    let fam = this.registered.get(key);
    if (fam === undefined) {
      const file = join(this.dir, `noto-sans-sc-${key}-wght-normal.woff2`);
      fam = `posbench-noto-sc-${key}`;
      try {
        if (!existsSync(file) || GlobalFonts.registerFromPath(file, fam) === null) fam = null;
      } catch {
        fam = null;
      }
      this.registered.set(key, fam);
    }
    return fam;
  }

  /** UnifontEX for characters outside the slices (registered once), or null when not installed. */
  fallbackFamily(): string | null {
    if (this.fallback === undefined) {
      this.fallback = null;
      try {
        const file = require.resolve(`${FALLBACK_PACKAGE}/files/unifontex-latin-400-normal.woff2`);
        if (GlobalFonts.registerFromPath(file, FALLBACK_FAMILY) !== null) this.fallback = FALLBACK_FAMILY;
      } catch {
        this.fallback = null;
      }
    }
    return this.fallback;
  }
}

let cached: { key: string; info: ReceiptFontInfo } | undefined;

/** The receipt font for this process (registered once); `fontPath` is the system font to look for. */
export function receiptFontInfo(fontPath: string = CJK_FONT_PATH): ReceiptFontInfo {
  const wanted = (process.env[FONT_ENV] ?? '').trim() || 'auto';
  const key = `${wanted}|${fontPath}`;
  if (cached?.key === key) return cached.info;
  if (wanted !== 'auto' && wanted !== 'system' && wanted !== 'npm') {
    throw new Error(`${FONT_ENV} must be system, npm or auto, not "${wanted}"`);
  }
  let info: ReceiptFontInfo | undefined;
  if (wanted !== 'npm') info = systemFont(fontPath, wanted === 'system' ? `forced by ${FONT_ENV}=system` : `${fontPath} found`);
  if (!info && wanted !== 'system') {
    info = npmFont(fontPath, wanted === 'npm' ? `forced by ${FONT_ENV}=npm` : `${fontPath} not found, so ${NPM_PACKAGE} from npm`);
  }
  info ??= {
    source: 'none',
    family: 'sans-serif',
    path: fontPath,
    available: false,
    reason: wanted === 'system' ? `forced by ${FONT_ENV}=system` : 'no CJK font found',
    note: `CJK font ${fontPath} not found${wanted === 'system' ? ` (${FONT_ENV}=system)` : ` and ${NPM_PACKAGE} not installed`}: Chinese text renders as boxes (apt-get install -y fonts-wqy-microhei, or npm install)`,
    familyFor: () => 'sans-serif',
  };
  cached = { key, info };
  return info;
}

function systemFont(fontPath: string, reason: string): ReceiptFontInfo | undefined {
  try {
    if (!existsSync(fontPath) || GlobalFonts.registerFromPath(fontPath, SYSTEM_FAMILY) === null) return undefined;
  } catch {
    return undefined;
  }
  return { source: 'system', family: SYSTEM_FAMILY, path: fontPath, available: true, reason, familyFor: () => SYSTEM_FAMILY };
}

function npmFont(fontPath: string, reason: string): ReceiptFontInfo | undefined {
  const loaded = loadSlices();
  if (!loaded) return undefined;
  const font = new NpmFont(loaded.dir, loaded.slices);
  const latin = font.family('latin');
  if (!latin) return undefined;
  return {
    source: 'npm',
    family: latin,
    path: fontPath,
    available: true,
    reason,
    familyFor(ch: string): string {
      const cp = ch.codePointAt(0) ?? 0;
      const slice = font.sliceOf(cp);
      return (slice && font.family(slice)) || (cp >= 0x80 && font.fallbackFamily()) || latin;
    },
  };
}
