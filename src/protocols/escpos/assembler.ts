import { Receipt, type PaperColumns, type ReceiptItem } from './receipt';

/** Collects paper items into receipts; a cut closes one. Consecutive ESC * bands merge into one image. */
export class ReceiptAssembler {
  current: Receipt | null = null;
  private lastBandOpen = false;

  constructor(readonly columns: PaperColumns) {}

  add(item: ReceiptItem, offset: number, end: number): void {
    if (!this.current) {
      this.current = new Receipt(this.columns);
      this.current.startOffset = offset;
    }
    const r = this.current;
    r.endOffset = end;
    if (item.kind === 'image' && item.image.source === 'bit-image') {
      const last = r.items[r.items.length - 1];
      if (this.lastBandOpen && last?.kind === 'image' && last.image.source === 'bit-image' && last.image.dataWidth === item.image.dataWidth) {
        const a = last.image;
        const b = item.image;
        last.image = {
          ...a,
          height: a.height + b.height,
          dataHeight: a.dataHeight + b.dataHeight,
          bitmap: Buffer.concat([a.bitmap, b.bitmap]),
        };
        return;
      }
      r.items.push(item);
      this.lastBandOpen = true;
      return;
    }
    this.lastBandOpen = false;
    r.items.push(item);
  }

  /** Close the receipt in progress. Returns it, or null when nothing visible was printed. */
  close(cut: boolean, type: 'full' | 'partial' | undefined, end: number): Receipt | null {
    const r = this.current;
    this.current = null;
    this.lastBandOpen = false;
    if (!r || r.isBlank()) return null;
    r.cut = cut;
    r.cutType = type;
    r.endOffset = Math.max(r.endOffset, end);
    return r;
  }
}
