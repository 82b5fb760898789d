/** FS commands: Chinese (kanji) mode on/off and its print mode, NV images, user characters. */
import type { ReceiptImage } from '../receipt';
import { hex2, skipByLength } from './tables';
import type { CommandContext } from '../decoder-state';

export function fs(d: CommandContext, buf: Buffer, i: number): number {
  const n = buf.length;
  if (i + 2 > n) return d.incomplete(buf, i, 2);
  const c = buf[i + 1];
  switch (c) {
    case 0x26: // FS & kanji on
      d.m.kanji = true;
      return 2;
    case 0x2e: // FS . kanji off
      d.m.kanji = false;
      return 2;
    case 0x21: {
      // FS ! n kanji print mode
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const m = buf[i + 2];
      d.m.style.kanjiDoubleWidth = (m & 0x04) !== 0;
      d.m.style.kanjiDoubleHeight = (m & 0x08) !== 0;
      if (m & 0x80) d.m.style.underline = 1;
      return 3;
    }
    case 0x2d: // FS - n
    case 0x57: // FS W n
    case 0x43: // FS C n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      if (c === 0x2d) {
        const m = buf[i + 2];
        d.m.style.underline = m === 1 || m === 0x31 ? 1 : m === 2 || m === 0x32 ? 2 : 0;
      }
      return 3;
    case 0x53: // FS S n1 n2
      if (i + 4 > n) return d.incomplete(buf, i, 4);
      return 4;
    case 0x32: // FS 2 c1 c2 d1…d72
      if (i + 76 > n) return d.incomplete(buf, i, 76);
      return 76;
    case 0x70: {
      // FS p n m: print NV bit image (size unknown to the decoder)
      if (i + 4 > n) return d.incomplete(buf, i, 4);
      const image: ReceiptImage = {
        width: 0,
        height: 0,
        bitmap: Buffer.alloc(0),
        dataWidth: 0,
        dataHeight: 0,
        source: 'graphics',
        align: d.m.align,
      };
      return d.image(image, i, 4);
    }
    case 0x71: {
      // FS q n [xL xH yL yH d…]…
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const count = buf[i + 2];
      let j = i + 3;
      for (let k = 0; k < count; k++) {
        if (j + 4 > n) return d.incomplete(buf, i, j - i + 4);
        const xx = buf[j] + 256 * buf[j + 1];
        const yy = buf[j + 2] + 256 * buf[j + 3];
        j += 4 + xx * yy * 8;
      }
      if (j > n) return d.incomplete(buf, i, j - i);
      return j - i;
    }
    case 0x28: // FS ( fn pL pH …
      return skipByLength(d, buf, i);
    default:
      return d.unknownAt(buf, i, c < 0x20 ? 1 : 2, `unknown command FS 0x${hex2(c)}`);
  }
}
