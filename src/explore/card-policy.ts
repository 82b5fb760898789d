/**
 * The invariant `cards`: every approval was taken the way the card and the terminal's
 * settings allow, judged from what reached the host (the issuer's timeline events) and the
 * settings in force when it did (the ECR `setConfig` requests on the timeline, over the
 * settings the bench started the terminal with):
 *
 * - a card whose service code starts with 2 or 6 (a chip card, track 2 in field 35) is taken
 *   from its stripe (field 22 02x) only as a fallback after its chip failed, which CUP marks
 *   with 60.5 = 2 (docs/domain.md §3 Service code; §1.4 field 22 and field 60);
 * - a fallback (60.5 = 2) only while `allow_fallback` is on (docs/domain.md §3: fallback to
 *   the stripe only after the chip fails, and the reference terminal's setting says whether
 *   it is offered at all);
 * - a tap (field 22 07x) only for an amount (field 4) under `contactless_limit`, when one is
 *   set (docs/domain.md §3 Contactless transaction limit).
 */
import type { EvidenceEvent } from '../evidence/types';
import { applySetting, type TerminalConfig } from '../terminal/config';
import { parseField60 } from '../protocols/iso8583/field60';
import type { Violation } from './invariants';

export type CardSettings = Pick<TerminalConfig, 'allowFallback' | 'contactlessLimitMinor'>;

interface Request {
  mti: string;
  stan: string;
  entryMode: string;
  amountMinor: number;
  serviceCode?: string;
  fallback: boolean;
  settings: CardSettings;
}

interface IsoData {
  mti?: string;
  fields?: Record<string, string>;
  serviceCode?: string;
  cmd?: string;
  args?: { name?: string; value?: string };
}

const money = (minor: number) => (minor / 100).toFixed(2);

/** What is wrong with an approved request, if anything. */
function judge(r: Request): string | undefined {
  const what = `the ${r.mti} of STAN ${r.stan} (field 22 ${r.entryMode}, ${money(r.amountMinor)})`;
  const chipCard = /^[26]/.test(r.serviceCode ?? '');
  if (r.entryMode.startsWith('02') && chipCard && !r.fallback) return `${what} took a chip card (service code ${r.serviceCode}) from its stripe without a chip failure (60.5 is not 2): a swiped chip card is sent to the chip`;
  if (r.fallback && !r.settings.allowFallback) return `${what} is a fallback swipe (60.5 = 2) approved while allow_fallback was off`;
  const limit = r.settings.contactlessLimitMinor;
  if (r.entryMode.startsWith('07') && limit > 0 && r.amountMinor >= limit) return `${what} was tapped at or over the contactless_limit ${money(limit)}: the terminal must ask for the chip`;
  return undefined;
}

/** The approvals that reached the host against the card policy; `initial` is what the terminal started with. */
export function cardPolicy(events: readonly EvidenceEvent[], initial: CardSettings): Violation[] {
  let settings: CardSettings = { allowFallback: initial.allowFallback, contactlessLimitMinor: initial.contactlessLimitMinor };
  const requests = new Map<string, Request>();
  const out: Violation[] = [];
  for (const e of events) {
    const d = (e.data ?? {}) as IsoData;
    if (e.source === 'ecr' && e.kind === 'ecr.request' && d.cmd === 'setConfig' && (d.args?.name === 'allow_fallback' || d.args?.name === 'contactless_limit')) {
      try {
        const c = applySetting({ ...settings } as TerminalConfig, d.args.name, String(d.args.value ?? ''));
        settings = { allowFallback: c.allowFallback, contactlessLimitMinor: c.contactlessLimitMinor };
      } catch {
        // A value the terminal refuses changes nothing (the step fails on it).
      }
      continue;
    }
    if (e.source !== 'issuer' || !d.fields) continue;
    const f = d.fields;
    const stan = f['11'] ?? '';
    if (e.kind === 'iso8583.in' && (d.mti === '0200' || d.mti === '0220') && f['22'] && !requests.has(stan)) {
      requests.set(stan, {
        mti: d.mti,
        stan,
        entryMode: f['22'],
        amountMinor: Number(f['4'] ?? 0),
        ...(d.serviceCode ? { serviceCode: d.serviceCode } : {}),
        fallback: f['60'] ? parseField60(f['60']).icCondition === '2' : false,
        settings,
      });
    }
    if (e.kind === 'iso8583.out' && (d.mti === '0210' || d.mti === '0230') && f['39'] === '00') {
      const r = requests.get(stan);
      requests.delete(stan);
      const wrong = r && judge(r);
      if (wrong) out.push({ invariant: 'cards', detail: wrong });
    }
  }
  return out;
}
