/** Test helper: a receipt PNG's pixels as one grey value each, read by the canvas library's own PNG decoder. */
import { createCanvas, loadImage } from '@napi-rs/canvas';

export interface Gray {
  w: number;
  h: number;
  px: Uint8Array;
}

export async function pixels(png: Buffer): Promise<Gray> {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
  const px = new Uint8Array(img.width * img.height);
  for (let i = 0; i < px.length; i++) px[i] = rgba[i * 4]!;
  return { w: img.width, h: img.height, px };
}
