/**
 * One file of a ZIP archive replaced, everything else copied byte for byte: no file is unpacked
 * or packed again. The DOCX report uses it to put the map picture into a report built around a
 * placeholder while the picture was being captured (see exportDocxWithPicture): re-zipping the
 * whole report would deflate its 6 MB of XML again, a few hundred milliseconds.
 *
 * Pure: bytes in, bytes out; runs in Node, the renderer and tests alike.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** General purpose flags: encrypted, sizes in a data descriptor after the data. */
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const METHOD_STORED = 0;

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO-HDLC, as ZIP and PNG use it). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (table[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  name: string;
  /** Where its central directory record starts. */
  central: number;
  /** Where its local header starts. */
  local: number;
}

interface Directory {
  entries: ZipEntry[];
  /** Where the central directory starts, and where its end record starts. */
  start: number;
  end: number;
}

const decoder = new TextDecoder();

/** The archive's central directory, or null when it is not a ZIP this module handles (ZIP64, spanned, damaged). */
function directory(zip: Uint8Array): Directory | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record is the last thing in the file but for its comment (up to 65 535 bytes).
  let end = -1;
  for (let at = zip.byteLength - 22; at >= 0 && at >= zip.byteLength - 22 - 0xffff; at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY && at + 22 + view.getUint16(at + 20, true) === zip.byteLength) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const start = view.getUint32(end + 16, true);
  // One disk only, and no ZIP64 (its markers are these fields at their maximum).
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0 || view.getUint16(end + 8, true) !== count) return null;
  if (count === 0xffff || start === 0xffffffff || start + size !== end) return null;
  const entries: ZipEntry[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_HEADER) return null;
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    if (local === 0xffffffff || local + 30 > start || view.getUint32(local, true) !== LOCAL_HEADER) return null;
    entries.push({ name: decoder.decode(zip.subarray(at + 46, at + 46 + nameLength)), central: at, local });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  if (at !== end) return null;
  return { entries, start, end };
}

/** The names of the archive's files, in the central directory's order; null when it is not a ZIP this module reads. */
export function zipEntryNames(zip: Uint8Array): string[] | null {
  return directory(zip)?.entries.map((e) => e.name) ?? null;
}

/**
 * The archive with the file `name` holding `data` (stored: the callers' files, PNG pictures, are
 * compressed already), every other file's bytes as they were; null when there is no such file or
 * the archive is not one this module handles (ZIP64, encrypted, spanned, damaged).
 */
export function replaceZipEntry(zip: Uint8Array, name: string, data: Uint8Array): Uint8Array | null {
  const dir = directory(zip);
  if (!dir) return null;
  const target = dir.entries.find((e) => e.name === name);
  if (!target || data.byteLength > 0xfffffffe) return null;
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const flags = view.getUint16(target.central + 8, true);
  if (flags & FLAG_ENCRYPTED || view.getUint32(target.central + 20, true) === 0xffffffff || view.getUint32(target.central + 24, true) === 0xffffffff) return null;
  // The old record (header, data, data descriptor) ends where the next one starts.
  const next = Math.min(dir.start, ...dir.entries.map((e) => e.local).filter((local) => local > target.local));
  const nameBytes = zip.subarray(target.central + 46, target.central + 46 + view.getUint16(target.central + 28, true));
  const crc = crc32(data);
  const newFlags = flags & ~FLAG_DATA_DESCRIPTOR;

  // The new local record: header, name, no extra field, the data.
  const local = new Uint8Array(30 + nameBytes.byteLength + data.byteLength);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, LOCAL_HEADER, true);
  lv.setUint16(4, view.getUint16(target.central + 6, true), true); // version needed
  lv.setUint16(6, newFlags, true);
  lv.setUint16(8, METHOD_STORED, true);
  lv.setUint16(10, view.getUint16(target.central + 12, true), true); // time
  lv.setUint16(12, view.getUint16(target.central + 14, true), true); // date
  lv.setUint32(14, crc, true);
  lv.setUint32(18, data.byteLength, true);
  lv.setUint32(22, data.byteLength, true);
  lv.setUint16(26, nameBytes.byteLength, true);
  lv.setUint16(28, 0, true);
  local.set(nameBytes, 30);
  local.set(data, 30 + nameBytes.byteLength);
  const shift = local.byteLength - (next - target.local);

  const out = new Uint8Array(zip.byteLength + shift);
  const ov = new DataView(out.buffer);
  out.set(zip.subarray(0, target.local), 0);
  out.set(local, target.local);
  out.set(zip.subarray(next, dir.start), target.local + local.byteLength);
  // The central directory: the same records, the replaced file's described anew, offsets moved.
  const start = dir.start + shift;
  out.set(zip.subarray(dir.start), start);
  for (const e of dir.entries) {
    const at = e.central + shift;
    if (e === target) {
      ov.setUint16(at + 8, newFlags, true);
      ov.setUint16(at + 10, METHOD_STORED, true);
      ov.setUint32(at + 16, crc, true);
      ov.setUint32(at + 20, data.byteLength, true);
      ov.setUint32(at + 24, data.byteLength, true);
    }
    if (e.local > target.local) ov.setUint32(at + 42, e.local + shift, true);
  }
  ov.setUint32(dir.end + shift + 16, start, true);
  if (start > 0xfffffffe) return null;
  return out;
}
