/** Seeded random valid messages for a compiled dialect (property tests and the benchmark). */
import type { IsoMessage } from '../../../src/protocols/iso8583';
import { SpecDialect } from '../../../src/protocols/iso8583';
import { SeededRandom } from '../../../src/util/random';

const DIGITS = '0123456789';
const TEXT = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -./:;=*#';

function str(rnd: SeededRandom, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rnd.int(0, alphabet.length - 1)];
  return s;
}

export function randomMessage(dialect: SpecDialect, rnd: SeededRandom): IsoMessage {
  const msg: IsoMessage = { mti: str(rnd, DIGITS, 4), fields: {} };
  if (dialect.tpduLength) msg.tpdu = rnd.bytes(dialect.tpduLength);
  if (dialect.headerLength) msg.header = rnd.bytes(dialect.headerLength);
  const count = rnd.int(0, 20);
  const maxField = rnd.next() < 0.3 ? 128 : 64;
  for (let i = 0; i < count; i++) {
    const num = rnd.int(2, maxField);
    const f = dialect.field(num);
    if (!f) continue;
    const len = f.fixed ? f.length : rnd.int(0, Math.min(f.length, 40));
    const t = f.spec.type;
    if (t === 'b') msg.fields[num] = rnd.bytes(len);
    else if (t === 'n') msg.fields[num] = str(rnd, DIGITS, len);
    else if (t === 'z') {
      let s = str(rnd, DIGITS, len);
      if (len > 2) {
        const at = rnd.int(0, len - 1);
        s = s.slice(0, at) + (f.spec.encoding === 'bcd' ? 'D' : '=') + s.slice(at + 1);
      }
      msg.fields[num] = s;
    } else msg.fields[num] = str(rnd, TEXT, len);
  }
  if (rnd.next() < 0.1 && !Object.keys(msg.fields).some((k) => Number(k) > 64)) msg.secondaryBitmap = true;
  return msg;
}
