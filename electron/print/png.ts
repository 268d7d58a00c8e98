/**
 * PNG in and out for the stitched export. Tiles are decoded with pngjs; the output is written
 * band by band through one zlib stream, because pngjs encodes only a whole image held in memory
 * and a 2× picture of a 1000-step map is ~150 megapixels (600 MB of raw pixels).
 */
import { Buffer } from 'node:buffer';
import zlib from 'node:zlib';
import { PNG } from 'pngjs';

export { pngSize } from '../../shared/export/print';

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, rows top to bottom. */
  data: Buffer;
}

export function readPngRgba(bytes: Uint8Array): RgbaImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, data: png.data };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(parts: readonly Uint8Array[]): number {
  let c = 0xffffffff;
  for (const part of parts) for (let i = 0; i < part.length; i++) c = (CRC_TABLE[(c ^ (part[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32([head.subarray(4), data]), 0);
  return Buffer.concat([head, data, crc]);
}

/** Writes an 8-bit RGBA PNG from bands of rows, compressing as it goes. */
export class PngWriter {
  private readonly deflate = zlib.createDeflate({ level: 6, memLevel: 9 });
  private readonly compressed: Buffer[] = [];
  private written = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
    /** Resolution for printing (pHYs), dots per inch. */
    private readonly dpi = 96,
  ) {
    this.deflate.on('data', (data: Buffer) => this.compressed.push(data));
  }

  /** Appends `count` rows of RGBA pixels (width × 4 bytes each). */
  async rows(rgba: Buffer, count: number): Promise<void> {
    const stride = this.width * 4;
    const n = Math.min(count, this.height - this.written);
    // Filter type 0 (None) on every row: the maps are flat colour, which deflate handles well
    // unfiltered, and a per-byte filter in JavaScript costs more than it saves.
    const filtered = Buffer.alloc(n * (stride + 1));
    for (let y = 0; y < n; y++) rgba.copy(filtered, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
    this.written += n;
    if (!this.deflate.write(filtered)) await new Promise<void>((resolve) => this.deflate.once('drain', resolve));
  }

  async finish(): Promise<Uint8Array> {
    if (this.written < this.height) await this.rows(Buffer.alloc((this.height - this.written) * this.width * 4), this.height - this.written);
    await new Promise<void>((resolve, reject) => {
      this.deflate.once('end', resolve);
      this.deflate.once('error', reject);
      this.deflate.end();
    });
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(this.width, 0);
    ihdr.writeUInt32BE(this.height, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    const phys = Buffer.alloc(9);
    const perMetre = Math.round(this.dpi / 0.0254);
    phys.writeUInt32BE(perMetre, 0);
    phys.writeUInt32BE(perMetre, 4);
    phys[8] = 1; // metres
    const idat = Buffer.concat(this.compressed);
    const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('pHYs', phys)];
    // IDAT in chunks of at most 1 MiB, as encoders usually do.
    for (let i = 0; i < idat.length; i += 1 << 20) parts.push(chunk('IDAT', idat.subarray(i, i + (1 << 20))));
    parts.push(chunk('IEND', Buffer.alloc(0)));
    const out = Buffer.concat(parts);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
}
