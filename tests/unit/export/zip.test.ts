/**
 * replaceZipEntry (shared/export/zip.ts): one file of an archive replaced, every other file's
 * bytes kept; the result read back by JSZip (CRCs checked) and by Info-ZIP's `unzip -t` where
 * installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { crc32, replaceZipEntry, zipEntryNames } from '../../../shared/export/zip';

const text = (s: string) => new TextEncoder().encode(s);
const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);

/** An archive of several files, as JSZip writes it with these options. */
async function archive(options: { streamFiles?: boolean; comment?: string; compression?: 'STORE' | 'DEFLATE' } = {}): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>'.repeat(50));
  zip.file('word/document.xml', 'Маршрут <w:p/> '.repeat(2000));
  zip.file('word/media/image1.png', bytes(5000));
  zip.file('word/styles.xml', '<w:styles/>'.repeat(100));
  return zip.generateAsync({ type: 'uint8array', compression: options.compression ?? 'DEFLATE', streamFiles: options.streamFiles ?? false, ...(options.comment ? { comment: options.comment } : {}) });
}

async function contents(zip: Uint8Array): Promise<Map<string, Uint8Array>> {
  const opened = await JSZip.loadAsync(zip, { checkCRC32: true });
  const out = new Map<string, Uint8Array>();
  for (const [name, file] of Object.entries(opened.files)) if (!file.dir) out.set(name, await file.async('uint8array'));
  return out;
}

/** `unzip -t` on the archive: true when it tests fine, null when unzip is not installed. */
function unzipTests(zip: Uint8Array): boolean | null {
  const dir = mkdtempSync(join(tmpdir(), 'marshrut-zip-'));
  try {
    const file = join(dir, 'a.zip');
    writeFileSync(file, zip);
    const result = spawnSync('unzip', ['-tq', file], { encoding: 'utf8' });
    if (result.error) return null;
    return result.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('crc32', () => {
  it('is CRC-32/ISO-HDLC', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    expect(crc32(text('IEND'))).toBe(0xae426082);
  });
});

describe('replaceZipEntry', () => {
  for (const variant of [
    { name: 'deflated', options: {} },
    { name: 'with data descriptors', options: { streamFiles: true } },
    { name: 'stored, with a comment', options: { compression: 'STORE' as const, comment: 'Маршрут' } },
  ]) {
    it(`${variant.name}: the file has the new bytes, every other file is as it was, the archive tests fine`, async () => {
      const zip = await archive(variant.options);
      const before = await contents(zip);
      for (const data of [bytes(80_000, 3), bytes(10, 4), new Uint8Array()]) {
        const replaced = replaceZipEntry(zip, 'word/media/image1.png', data);
        expect(replaced).not.toBeNull();
        const after = await contents(replaced as Uint8Array);
        expect([...after.keys()]).toEqual([...before.keys()]);
        for (const [name, content] of before) expect(after.get(name)).toEqual(name === 'word/media/image1.png' ? data : content);
        expect(zipEntryNames(replaced as Uint8Array)).toEqual(zipEntryNames(zip));
        expect(unzipTests(replaced as Uint8Array) ?? true).toBe(true);
      }
    });
  }

  it('copies the other files byte for byte: the archive grows or shrinks by the difference only', async () => {
    const zip = await archive({ compression: 'STORE' });
    const replaced = replaceZipEntry(zip, 'word/media/image1.png', bytes(7000, 9)) as Uint8Array;
    // Stored before and after, same name, no extra field added: 2000 bytes more, nothing else.
    expect(replaced.byteLength).toBe(zip.byteLength + 2000);
    // Everything before the replaced file's local header is where it was.
    const end = new TextDecoder('latin1').decode(zip).indexOf('word/media/image1.png') - 30;
    expect(end).toBeGreaterThan(10_000);
    expect(Buffer.compare(Buffer.from(replaced.subarray(0, end)), Buffer.from(zip.subarray(0, end)))).toBe(0);
  });

  it('the first and the last file can be replaced too', async () => {
    const zip = await archive();
    const names = zipEntryNames(zip) as string[];
    for (const name of [names[0] as string, names[names.length - 1] as string]) {
      const replaced = replaceZipEntry(zip, name, text('новое'));
      expect(new TextDecoder().decode((await contents(replaced as Uint8Array)).get(name))).toBe('новое');
      expect(unzipTests(replaced as Uint8Array) ?? true).toBe(true);
    }
  });

  it('null for a file the archive does not have, and for bytes that are not a ZIP', async () => {
    const zip = await archive();
    expect(replaceZipEntry(zip, 'word/media/image2.png', text('x'))).toBeNull();
    expect(replaceZipEntry(text('not a zip at all, just text'), 'a', text('x'))).toBeNull();
    expect(replaceZipEntry(zip.subarray(0, zip.byteLength - 30), 'word/media/image1.png', text('x'))).toBeNull();
    expect(zipEntryNames(new Uint8Array())).toBeNull();
  });
});
