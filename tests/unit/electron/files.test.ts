import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteFile, backupPathFor, cleanStrayTempFiles, isUnchangedOnDisk, readMapFile, readMapFileDetailed } from '../../../electron/files';
import { MAX_FILE_BYTES } from '../../../shared/model';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'marshrut-files-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const tempFiles = async () => (await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'));
const errnoError = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe('atomicWriteFile', () => {
  it('writes the exact bytes and leaves no temp file', async () => {
    const target = path.join(dir, 'Карта.cjm');
    const text = '{"title":"Получение паспорта — шаг 1"}\n';
    await atomicWriteFile(target, text);
    expect(await fs.readFile(target)).toEqual(Buffer.from(text, 'utf8'));
    expect(await tempFiles()).toEqual([]);
    // nothing to back up the first time
    await expect(fs.access(backupPathFor(target))).rejects.toThrow();

    const bytes = new Uint8Array([0, 1, 2, 255, 254]);
    await atomicWriteFile(target, bytes);
    expect(new Uint8Array(await fs.readFile(target))).toEqual(bytes);
  });

  it('keeps the previous version as <name>.bak', async () => {
    const target = path.join(dir, 'map.cjm');
    await atomicWriteFile(target, 'first');
    await atomicWriteFile(target, 'second');
    expect(await fs.readFile(target, 'utf8')).toBe('second');
    expect(await fs.readFile(`${target}.bak`, 'utf8')).toBe('first');
    await atomicWriteFile(target, 'third');
    expect(await fs.readFile(`${target}.bak`, 'utf8')).toBe('second');
    expect(await tempFiles()).toEqual([]);
  });

  it('can skip the backup', async () => {
    const target = path.join(dir, 'settings.json');
    await atomicWriteFile(target, 'a', { backup: false });
    await atomicWriteFile(target, 'b', { backup: false });
    expect(await fs.readdir(dir)).toEqual(['settings.json']);
  });

  it('removes the temp file and keeps the old content when the rename fails', async () => {
    const target = path.join(dir, 'map.cjm');
    await atomicWriteFile(target, 'old');
    let calls = 0;
    const failing = async () => {
      calls++;
      throw errnoError('EIO');
    };
    await expect(atomicWriteFile(target, 'new', { rename: failing })).rejects.toThrow(/EIO/);
    expect(calls).toBe(1); // EIO is not worth retrying
    expect(await fs.readFile(target, 'utf8')).toBe('old');
    expect(await tempFiles()).toEqual([]);
  });

  it('retries a rename refused with EBUSY/EPERM/EACCES (Windows) and gives up cleanly', async () => {
    const target = path.join(dir, 'map.cjm');
    let calls = 0;
    const flaky = async (from: string, to: string) => {
      calls++;
      if (calls <= 2) throw errnoError(calls === 1 ? 'EBUSY' : 'EPERM');
      await fs.rename(from, to);
    };
    await atomicWriteFile(target, 'content', { rename: flaky, renameRetries: 3, retryDelayMs: 1 });
    expect(calls).toBe(3);
    expect(await fs.readFile(target, 'utf8')).toBe('content');

    calls = 0;
    const locked = async () => {
      calls++;
      throw errnoError('EACCES');
    };
    await expect(atomicWriteFile(target, 'other', { rename: locked, renameRetries: 2, retryDelayMs: 1 })).rejects.toThrow(/EACCES/);
    expect(calls).toBe(3);
    expect(await fs.readFile(target, 'utf8')).toBe('content');
    expect(await tempFiles()).toEqual([]);
  });

  it('retries a busy rename of the backup and of the map alike, with growing delays', async () => {
    const target = path.join(dir, 'map.cjm');
    await atomicWriteFile(target, 'v1');
    const calls: string[] = [];
    const times: number[] = [];
    const flaky = async (from: string, to: string) => {
      calls.push(path.basename(to));
      times.push(performance.now());
      if (calls.length <= 2 || calls.length === 4) throw errnoError('EBUSY');
      await fs.rename(from, to);
    };
    await atomicWriteFile(target, 'v2', { rename: flaky, renameRetries: 3, retryDelayMs: 10 });
    // backup: busy, busy, done; map: busy, done
    expect(calls).toEqual(['map.cjm.bak', 'map.cjm.bak', 'map.cjm.bak', 'map.cjm', 'map.cjm']);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(9); // 10 ms
    expect((times[2] as number) - (times[1] as number)).toBeGreaterThanOrEqual(19); // then 20 ms
    expect(await fs.readFile(target, 'utf8')).toBe('v2');
    expect(await fs.readFile(backupPathFor(target), 'utf8')).toBe('v1');
    expect(await tempFiles()).toEqual([]);
  });

  it('replaces the backup only by rename: a backup step that fails keeps the old backup whole', async () => {
    const target = path.join(dir, 'map.cjm');
    await atomicWriteFile(target, 'v1');
    await atomicWriteFile(target, 'v2');
    const failing = async (_from: string, to: string) => {
      if (to.endsWith('.bak')) throw errnoError('EIO');
      await fs.rename(_from, to);
    };
    await expect(atomicWriteFile(target, 'v3', { rename: failing })).rejects.toThrow(/EIO/);
    expect(await fs.readFile(target, 'utf8')).toBe('v2');
    expect(await fs.readFile(backupPathFor(target), 'utf8')).toBe('v1');
    expect(await tempFiles()).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('writes through a symlink and keeps the link', async () => {
    const real = path.join(dir, 'real.cjm');
    const link = path.join(dir, 'link.cjm');
    await fs.writeFile(real, 'v1');
    await fs.symlink(real, link);
    await atomicWriteFile(link, 'v2');
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(real, 'utf8')).toBe('v2');
  });

  it('fails with a file-system error for a missing folder, leaving nothing behind', async () => {
    await expect(atomicWriteFile(path.join(dir, 'missing', 'map.cjm'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('cleanStrayTempFiles', () => {
  it('removes only our temp files', async () => {
    await fs.writeFile(path.join(dir, '.map.cjm.0123456789ab.tmp'), 'x');
    await fs.writeFile(path.join(dir, '.settings.json.abcdef012345.tmp'), 'x');
    await fs.writeFile(path.join(dir, 'map.cjm'), 'keep');
    await fs.writeFile(path.join(dir, 'notes.tmp'), 'keep');
    expect(await cleanStrayTempFiles(dir)).toBe(2);
    expect((await fs.readdir(dir)).sort()).toEqual(['map.cjm', 'notes.tmp']);
    expect(await cleanStrayTempFiles(path.join(dir, 'missing'))).toBe(0);
  });
});

describe('readMapFile', () => {
  it('reads UTF-8 text with the file name', async () => {
    const file = path.join(dir, 'Маршрут.cjm');
    await fs.writeFile(file, '{"a":"б"}');
    expect(await readMapFile(file, 'en')).toEqual({ ok: true, value: { path: file, name: 'Маршрут.cjm', content: '{"a":"б"}' } });
  });

  it('refuses a file above the size cap before reading it', async () => {
    const file = path.join(dir, 'huge.cjm');
    const handle = await fs.open(file, 'w');
    await handle.truncate(MAX_FILE_BYTES + 1); // sparse: no 50 MB written
    await handle.close();
    const en = await readMapFile(file, 'en');
    expect(en).toEqual({ ok: false, error: expect.stringMatching(/too large.*50\.0 MB/) });
    const ru = await readMapFile(file, 'ru');
    expect(ru.ok).toBe(false);
    expect(!ru.ok && ru.error).toMatch(/[а-я]/);
  });

  it('refuses invalid UTF-8 with a message, not a stack trace', async () => {
    const file = path.join(dir, 'binary.cjm');
    await fs.writeFile(file, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    const result = await readMapFile(file, 'en');
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/UTF-8/) });
    expect(!result.ok && result.error).not.toMatch(/\n\s+at /);
    const ru = await readMapFile(file, 'ru');
    expect(!ru.ok && ru.error).toMatch(/UTF-8/);
    expect(!ru.ok && ru.error).toMatch(/Файл/);
  });

  it('explains a missing file and a folder', async () => {
    expect(await readMapFile(path.join(dir, 'gone.cjm'), 'en')).toEqual({ ok: false, error: expect.stringMatching(/gone\.cjm.*does not exist/) });
    expect(await readMapFile(dir, 'en')).toEqual({ ok: false, error: expect.stringMatching(/is not a file/) });
  });

  it('returns a fingerprint that notices changes made by others', async () => {
    const file = path.join(dir, 'map.cjm');
    await fs.writeFile(file, 'one');
    const read = await readMapFileDetailed(file, 'en');
    if (!read.ok) throw new Error(read.error);
    const { fingerprint } = read.value;
    expect(await isUnchangedOnDisk(file, fingerprint)).toBe(true);
    await fs.writeFile(file, 'one'); // rewritten with the same bytes: still unchanged
    expect(await isUnchangedOnDisk(file, fingerprint)).toBe(true);
    await fs.writeFile(file, 'two');
    expect(await isUnchangedOnDisk(file, fingerprint)).toBe(false);
    await fs.writeFile(file, 'three!');
    expect(await isUnchangedOnDisk(file, fingerprint)).toBe(false);
    await fs.rm(file);
    expect(await isUnchangedOnDisk(file, fingerprint)).toBe(true);
  });
});
