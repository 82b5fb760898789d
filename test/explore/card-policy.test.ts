import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardPolicy } from '../../src/explore/card-policy';
import type { EvidenceEvent } from '../../src/evidence/types';

let seq = 0;
const ev = (source: string, kind: string, data: unknown): EvidenceEvent => ({ seq: ++seq, source, kind, summary: kind, data }) as unknown as EvidenceEvent;
/** A 0200 of `stan` with entry mode `f22`, amount, service code and 60.5; then the host's answer. */
function sale(stan: string, f22: string, amountMinor: number, opts: { serviceCode?: string; fallback?: boolean; code?: string } = {}): EvidenceEvent[] {
  const fields = { '4': String(amountMinor).padStart(12, '0'), '11': stan, '22': f22, '60': `22000001000${f22.startsWith('02') ? '5' : '6'}${opts.fallback ? '2' : '0'}` };
  return [
    ev('issuer', 'iso8583.in', { mti: '0200', fields, ...(opts.serviceCode ? { serviceCode: opts.serviceCode } : {}) }),
    ev('issuer', 'iso8583.out', { mti: '0210', fields: { '11': stan, '39': opts.code ?? '00' } }),
  ];
}
const setting = (name: string, value: string) => ev('ecr', 'ecr.request', { cmd: 'setConfig', args: { name, value } });
const DEFAULTS = { allowFallback: true, contactlessLimitMinor: 0 };

test('cards: chip, tap under the limit, a magstripe-only card swiped and a fallback with allow_fallback on all hold', () => {
  const events = [
    ...sale('000001', '052', 1000, { serviceCode: '220' }),
    ...sale('000002', '022', 1000, { serviceCode: '101' }),
    ...sale('000003', '022', 1000, { serviceCode: '220', fallback: true }),
    setting('contactless_limit', '50.00'),
    ...sale('000004', '072', 4999, { serviceCode: '201' }),
  ];
  assert.deepEqual(cardPolicy(events, DEFAULTS), []);
});

test('cards: a chip card taken from its stripe without a chip failure does not hold', () => {
  const v = cardPolicy(sale('000002', '022', 1000, { serviceCode: '220' }), DEFAULTS);
  assert.equal(v.length, 1);
  assert.match(v[0]!.detail, /0200 of STAN 000002 \(field 22 022, 10\.00\) took a chip card \(service code 220\) from its stripe/);
  // A 6xx card is a chip card too; a declined request is no approval.
  assert.equal(cardPolicy(sale('000003', '021', 1000, { serviceCode: '620' }), DEFAULTS).length, 1);
  assert.deepEqual(cardPolicy(sale('000004', '022', 1000, { serviceCode: '220', code: '51' }), DEFAULTS), []);
});

test('cards: a fallback is judged by allow_fallback as it was when the request reached the host', () => {
  const fb = (stan: string) => sale(stan, '022', 1000, { serviceCode: '220', fallback: true });
  const v = cardPolicy([setting('allow_fallback', 'off'), ...fb('000002'), setting('allow_fallback', 'on'), ...fb('000003')], DEFAULTS);
  assert.deepEqual(
    v.map((x) => x.detail),
    ['the 0200 of STAN 000002 (field 22 022, 10.00) is a fallback swipe (60.5 = 2) approved while allow_fallback was off'],
  );
  assert.equal(cardPolicy(fb('000004'), { allowFallback: false, contactlessLimitMinor: 0 }).length, 1, 'the setting the terminal started with counts');
});

test('cards: a tap at or over contactless_limit does not hold; with the limit off it does', () => {
  const v = cardPolicy([setting('contactless_limit', '50'), ...sale('000002', '072', 5000), setting('contactless_limit', 'off'), ...sale('000003', '072', 90000)], DEFAULTS);
  assert.equal(v.length, 1);
  assert.match(v[0]!.detail, /STAN 000002 .* tapped at or over the contactless_limit 50\.00/);
});
