/**
 * bench:codec — pack + unpack round trips per second of a typical chip sale in each dialect,
 * against the npm package iso_8583 packing and unpacking the same sale in the same process.
 * Prints the figures; the last line is one JSON object:
 *   {"cupRoundTripsPerSec": n, "ascii87RoundTripsPerSec": n, "ratioVsIso_8583": x}
 * (the ratio is the slower of our two dialects divided by iso_8583).
 */
import { getDialect, type IsoMessage } from '../src/protocols/iso8583';
import { tlvFromMap } from '../src/protocols/tlv';

const Iso8583 = require('iso_8583') as new (data?: Record<string, string>) => { getBufferMessage(): Buffer; getIsoJSON(b: Buffer, cfg: object): Record<string, string> };

const ICC = tlvFromMap({
  '9F26': '1122334455667788',
  '9F27': '80',
  '9F10': '07010103A0A802010A010000000000',
  '9F37': 'A1B2C3D4',
  '9F36': '0012',
  '95': '0000000000',
  '9A': '261126',
  '9C': '00',
  '9F02': '000000001000',
  '5F2A': '0156',
  '82': '7C00',
  '9F1A': '0156',
});

const FIELDS = {
  2: '6210947000000021',
  3: '000000',
  4: '000000001000',
  11: '000123',
  12: '101530',
  13: '1126',
  14: '3012',
  22: '051',
  23: '001',
  25: '00',
  26: '12',
  35: '6210947000000021D30122201234',
  37: '612345678901',
  41: 'TERM0001',
  42: '898100012340003',
  49: '156',
} as const;

const PIN = Buffer.from('0123456789ABCDEF', 'hex');
const MAC = Buffer.from('0102030405060708', 'hex');

const cupSale: IsoMessage = {
  mti: '0200',
  tpdu: Buffer.from('6000060000', 'hex'),
  header: Buffer.from('603100311003', 'hex'),
  fields: { ...FIELDS, 52: PIN, 55: ICC, 60: '22000001000501', 64: MAC },
};
const asciiSale: IsoMessage = { mti: '0200', fields: { ...FIELDS, 35: '6210947000000021=30122201234', 52: PIN, 55: ICC, 64: MAC } };
// iso_8583 takes text: the same sale, binary fields as hex (its 55 is ans, its 64 is 8 characters).
const isoSale: Record<string, string> = {
  0: '0200',
  ...Object.fromEntries(Object.entries(FIELDS).map(([k, v]) => [k, v])),
  52: PIN.toString('hex').toUpperCase(),
  55: ICC.toString('hex').toUpperCase(),
  64: '01020304',
};

function measure(label: string, roundTrip: () => void, ms: number): number {
  // warm up, then the best of three timed runs
  const warmEnd = Date.now() + 200;
  while (Date.now() < warmEnd) for (let i = 0; i < 100; i++) roundTrip();
  let best = 0;
  for (let run = 0; run < 3; run++) {
    let n = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round((ms / 3) * 1e6));
    let now = start;
    while (now < end) {
      for (let i = 0; i < 200; i++) roundTrip();
      n += 200;
      now = process.hrtime.bigint();
    }
    const perSec = n / (Number(now - start) / 1e9);
    if (perSec > best) best = perSec;
  }
  console.log(`${label.padEnd(28)} ${Math.round(best).toLocaleString('en-US').padStart(12)} round trips/s`);
  return best;
}

function main(): void {
  const ms = Number(process.env.BENCH_MS ?? 3000);
  const cup = getDialect('cup');
  const ascii87 = getDialect('ascii87');

  // sanity: each codec really round-trips the sale
  const cupBody = cup.pack(cupSale);
  const asciiBody = ascii87.pack(asciiSale);
  const isoBody = new Iso8583(isoSale).getBufferMessage();
  if (!Buffer.isBuffer(isoBody)) throw new Error(`iso_8583 could not pack the sale: ${JSON.stringify(isoBody)}`);
  if (cup.unpack(cupBody).fields[4] !== '000000001000' || ascii87.unpack(asciiBody).fields[4] !== '000000001000') throw new Error('round trip failed');
  if (new Iso8583().getIsoJSON(isoBody, {})[4] !== '000000001000') throw new Error('iso_8583 round trip failed');
  console.log(`typical chip sale: cup ${cupBody.length} bytes, ascii87 ${asciiBody.length} bytes, iso_8583 ${isoBody.length} bytes (with its length header)`);

  const cupRate = measure('cup pack+unpack', () => cup.unpack(cup.pack(cupSale)), ms);
  const asciiRate = measure('ascii87 pack+unpack', () => ascii87.unpack(ascii87.pack(asciiSale)), ms);
  const isoRate = measure('iso_8583 pack+unpack', () => new Iso8583().getIsoJSON(new Iso8583(isoSale).getBufferMessage(), {}), ms);
  const ratio = Math.min(cupRate, asciiRate) / isoRate;
  console.log(`ratio vs iso_8583: cup ${(cupRate / isoRate).toFixed(1)}×, ascii87 ${(asciiRate / isoRate).toFixed(1)}× (target ≥ 5×)`);
  console.log(JSON.stringify({ cupRoundTripsPerSec: Math.round(cupRate), ascii87RoundTripsPerSec: Math.round(asciiRate), ratioVsIso_8583: Number(ratio.toFixed(2)) }));
}

main();
