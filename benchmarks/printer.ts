/**
 * bench:printer — ESC/POS decode throughput and PNG render time.
 *
 * 1. Decode MB/s: a realistic CUP sales-slip stream (GB18030 Chinese + ASCII, bold /
 *    double-size / alignment changes, an NV logo, a raster logo, EAN-13 and CODE128
 *    barcodes, a QR code, a partial cut) repeated to ~8 MB, pushed in 4 KiB chunks
 *    through the streaming decoder. Target ≥ 20 MB/s.
 * 2. Median PNG render time of a 40-line receipt (mixed Chinese/ASCII). Target ≤ 50 ms.
 * Last line: {"decodeMBps": x, "pngMedianMs": x}
 */
import iconv from 'iconv-lite';
import { EscPosDecoder, decodeEscPosReceipts, renderReceiptPng } from '../src/protocols/escpos';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;

function salesSlip(stan: number): Buffer {
  const parts: Buffer[] = [];
  const raw = (...b: number[]) => parts.push(Buffer.from(b));
  const text = (s: string) => parts.push(iconv.encode(s, 'gb18030'));
  raw(ESC, 0x40, FS, 0x26, ESC, 0x61, 1, FS, 0x70, 1, 0);
  const logo = Buffer.alloc(16 * 32, 0xa5);
  raw(GS, 0x76, 0x30, 0, 16, 0, 32, 0);
  parts.push(logo);
  raw(GS, 0x21, 0x11, ESC, 0x45, 1);
  text('银联POS签购单\n');
  raw(GS, 0x21, 0, ESC, 0x45, 0);
  text('POS SALES SLIP\n');
  raw(ESC, 0x61, 0);
  text('商户存根 MERCHANT COPY\n');
  text('--------------------------------\n');
  text('商户名称(MERCHANT NAME):\n  测试商户有限公司\n');
  text('商户编号(MERCHANT NO.): 123456789012345\n');
  text('终端编号(TERMINAL NO.): 12345678\n');
  text('操作员号(OPERATOR NO.): 01\n');
  text('发卡行(ISSUER): 工商银行\n收单行(ACQUIRER): 银联商务\n');
  text('卡号(CARD NO.):\n');
  raw(GS, 0x21, 0x01);
  text('621094******0021 C\n');
  raw(GS, 0x21, 0);
  text('交易类型(TRANS TYPE):\n');
  raw(ESC, 0x45, 1);
  text('消费 SALE\n');
  raw(ESC, 0x45, 0);
  text(`批次号(BATCH NO.): 000001   凭证号(VOUCHER): ${String(stan).padStart(6, '0')}\n`);
  text('授权码(AUTH NO.): 123456\n日期/时间: 2026/11/26 12:00:00\n参考号(REFER NO.): 123456789012\n');
  raw(GS, 0x21, 0x11);
  text('金额: RMB 128.00\n');
  raw(GS, 0x21, 0);
  text('备注(REFERENCE):\nARQC: 1A2B3C4D5E6F7081 TVR: 0000000000\nAID: A000000333010101 ATC: 0012\n');
  text('持卡人签名(CARDHOLDER SIGNATURE):\n\n\n本人确认以上交易,同意将其记入本卡账户\n');
  raw(GS, 0x68, 60, GS, 0x77, 2, GS, 0x48, 2, GS, 0x6b, 67, 13);
  text('6901234567892');
  raw(GS, 0x6b, 73, 12, 0x7b, 0x42);
  text(`RRN${String(stan).padStart(7, '0')}`);
  const qr = Buffer.from(`https://pay.example/r?stan=${stan}&amt=12800`);
  raw(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0, GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 5);
  raw(GS, 0x28, 0x6b, (qr.length + 3) & 0xff, (qr.length + 3) >> 8, 0x31, 0x50, 0x30);
  parts.push(qr);
  raw(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30, ESC, 0x64, 4, GS, 0x56, 66, 0);
  return Buffer.concat(parts);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function benchDecode(): number {
  const slips: Buffer[] = [];
  let size = 0;
  for (let stan = 1; size < 8 * 1024 * 1024; stan++) {
    const s = salesSlip(stan);
    slips.push(s);
    size += s.length;
  }
  const stream = Buffer.concat(slips);
  const chunk = 4096;
  const runs: number[] = [];
  let receipts = 0;
  // warm-up (JIT), not counted
  const warm = new EscPosDecoder({ columns: 32, collect: false });
  for (let k = 0; k < 2 * 1024 * 1024; k += chunk) warm.push(stream.subarray(k, k + chunk));
  for (let run = 0; run < 5; run++) {
    const d = new EscPosDecoder({ columns: 32, encoding: 'gb18030', collect: false, onReceipt: () => receipts++ });
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < stream.length; k += chunk) d.push(stream.subarray(k, k + chunk));
    d.finish();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    runs.push(stream.length / 1e6 / s);
  }
  const mbps = median(runs);
  console.log(`decode: ${(stream.length / 1e6).toFixed(1)} MB, ${slips.length} slips of ~${Math.round(stream.length / slips.length)} B, 4 KiB chunks`);
  console.log(`decode: runs ${runs.map((r) => r.toFixed(1)).join(', ')} MB/s → median ${mbps.toFixed(1)} MB/s (target ≥ 20), ${receipts / 5} receipts per run`);
  return mbps;
}

/** GS ( k: QR model 2, module size 4, level M, store data, print. */
function qrStoreAndPrint(data: string): Buffer {
  const d = Buffer.from(data, 'latin1');
  const store = d.length + 3;
  return Buffer.concat([
    Buffer.from([GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00]),
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 4]),
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31]),
    Buffer.from([GS, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30]),
    d,
    Buffer.from([GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]),
  ]);
}

function benchPng(): number {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    if (i === 0) {
      lines.push('');
      continue;
    }
    lines.push(i % 3 === 0 ? `商品${i} 测试商品名称  x${i % 4 + 1}   ${(i * 3.5).toFixed(2)}` : `ITEM ${String(i).padStart(2, '0')} DESCRIPTION TEXT    ${(i * 1.25).toFixed(2)}`);
  }
  // Each receipt carries a CODE128 barcode and a QR code of its own reference number, as
  // slips do, so symbol generation is measured without its cache helping.
  const receiptWithRef = (ref: string): Buffer =>
    Buffer.concat([
      Buffer.from([ESC, 0x40, ESC, 0x61, 1, GS, 0x21, 0x11]),
      iconv.encode('银联POS签购单\n', 'gb18030'),
      Buffer.from([GS, 0x21, 0, ESC, 0x61, 0]),
      iconv.encode(lines.slice(1).join('\n') + '\n', 'gb18030'),
      Buffer.from([GS, 0x68, 60, GS, 0x77, 2, GS, 0x48, 2, GS, 0x6b, 73, ref.length + 2, 0x7b, 0x42]),
      Buffer.from(ref, 'latin1'),
      qrStoreAndPrint(`https://pay.example/r/${ref}`),
      Buffer.from([GS, 0x56, 0]),
    ]);
  const receipts = Array.from({ length: 33 }, (_, i) => {
    const r = decodeEscPosReceipts(receiptWithRef(`6330${String(110000 + i).padStart(8, '0')}`), { columns: 48 }).receipts[0];
    if (!r || r.lines.length !== 40 || r.barcodes.length !== 1 || r.qrcodes.length !== 1) throw new Error('benchmark receipt did not decode as 40 lines + barcode + QR');
    return r;
  });
  for (let i = 0; i < 3; i++) renderReceiptPng(receipts[i]!); // warm-up (font registration, JIT, encoder start-up)
  const times: number[] = [];
  let bytesOut = 0;
  for (let i = 3; i < receipts.length; i++) {
    const t0 = performance.now();
    bytesOut = renderReceiptPng(receipts[i]!).length;
    times.push(performance.now() - t0);
  }
  const med = median(times);
  console.log(`png: 40-line receipt + CODE128 + QR (48 columns, new data each time), ${bytesOut} bytes; median ${med.toFixed(1)} ms, min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)} (target ≤ 50)`);
  return med;
}

const decodeMBps = benchDecode();
const pngMedianMs = benchPng();
console.log(JSON.stringify({ decodeMBps: Number(decodeMBps.toFixed(1)), pngMedianMs: Number(pngMedianMs.toFixed(1)) }));
