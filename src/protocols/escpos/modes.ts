/** The printer's modes: what ESC @ resets to power-on values, and the stored graphics it keeps. */
import { DOTS_PER_COLUMN, type Align, type BarcodeHri, type PaperColumns, type ReceiptImage, type ReceiptQrCode } from './receipt';
import { isMultiByte, multiByteFamily, type MultiByteFamily } from './codepages';

export interface Style {
  bold: boolean;
  doubleStrike: boolean;
  underline: 0 | 1 | 2;
  /** ESC ! multipliers (1/2) and GS ! multipliers (1–8); the last command wins. */
  width: number;
  height: number;
  invert: boolean;
  font: 'A' | 'B';
  kanjiDoubleWidth: boolean;
  kanjiDoubleHeight: boolean;
}

/** The modes ESC @ puts back to their power-on values. */
export interface ResettableModes {
  style: Style;
  align: Align;
  codeTable: string;
  kanji: boolean;
  multiEncoding: string;
  family: MultiByteFamily;
  leftMarginDots: number;
  areaDots: number;
  charSpacingDots: number;
  tabColumns: number[];
  barcodeHeight: number;
  barcodeModule: number;
  barcodeHri: BarcodeHri;
  qr: { model: number; size: number; ec: ReceiptQrCode['errorCorrection'] };
}

/** The printer's modes: the resettable ones and the stored graphics ESC @ keeps. */
export interface PrinterModes extends ResettableModes {
  stored2d: Map<number, Buffer>;
  bufferedGraphic: ReceiptImage | null;
  downloaded: ReceiptImage | null;
}

/** Power-on modes for paper `columns` wide and power-on character set `encoding` (normalised). */
export function powerOnModes(columns: PaperColumns, encoding: string): ResettableModes {
  const multi = isMultiByte(encoding);
  const multiEncoding = multi ? encoding : 'gb18030';
  return {
    style: { bold: false, doubleStrike: false, underline: 0, width: 1, height: 1, invert: false, font: 'A', kanjiDoubleWidth: false, kanjiDoubleHeight: false },
    align: 'left',
    kanji: multi,
    multiEncoding,
    codeTable: multi ? 'cp437' : encoding,
    family: multiByteFamily(multiEncoding),
    leftMarginDots: 0,
    areaDots: columns * DOTS_PER_COLUMN,
    charSpacingDots: 0,
    tabColumns: [],
    barcodeHeight: 162,
    barcodeModule: 3,
    barcodeHri: 'none',
    qr: { model: 2, size: 3, ec: 'L' },
  };
}
