/**
 * Reading and writing map files safely. Writes go to a temp file in the same folder, are
 * fsynced, and replace the target by rename (atomic on every platform we ship), after the
 * previous version has been copied to `<name>.bak` (itself through a temp file and a rename, so
 * a crash mid-copy never leaves a truncated backup); the folder is fsynced so the rename
 * survives a power cut. A write that fails leaves the old file untouched and no temp file
 * behind; a process killed mid-write leaves at most temp files, which cleanStrayTempFiles
 * removes at the next start. (VS Code `IFileAtomicWriteOptions`; drawio's backup-before-save.)
 * tests/kill/run.ts checks all this with real SIGKILLs.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { translate, type Locale } from '../shared/i18n';
import { MAX_IMPORT_BYTES, type OpenedFile, type PickedFile, type Result } from '../shared/ipc';
import { decodeUtf8Strict, formatBytes, MAX_FILE_BYTES } from '../shared/model';

export const BACKUP_SUFFIX = '.bak';
const TEMP_RE = /^\..+\.[0-9a-f]{12}\.tmp$/;
const RETRY_CODES = new Set(['EBUSY', 'EPERM', 'EACCES']);

export interface AtomicWriteOptions {
  /** Copy the previous version to `<path>.bak` before replacing it (default true). */
  backup?: boolean;
  /** How often to retry a rename that fails with EBUSY/EPERM/EACCES (antivirus, indexers on Windows). */
  renameRetries?: number;
  /** First retry delay in ms; doubles each time. */
  retryDelayMs?: number;
  /** Permissions of a new file (default 0o666 less the umask); an existing file keeps its own. */
  mode?: number;
  /** Replaceable for tests (to simulate a failing rename). */
  rename?: (from: string, to: string) => Promise<void>;
}

export const tempNameFor = (target: string) =>
  path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);

export const backupPathFor = (target: string) => `${target}${BACKUP_SUFFIX}`;

const errorCode = (error: unknown): string | undefined =>
  error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync on Windows
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some file systems (network shares, FUSE) refuse to fsync a folder; the data itself is synced.
    const code = errorCode(error);
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Follows a symlinked target so the link stays a link and the file it points at is replaced. */
async function resolveTarget(target: string): Promise<{ path: string; mode: number | undefined; exists: boolean }> {
  try {
    const real = await fs.realpath(target);
    const stat = await fs.stat(real);
    return { path: real, mode: stat.mode & 0o777, exists: true };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { path: path.resolve(target), mode: undefined, exists: false };
    throw error;
  }
}

/** Writes `data` to `target` atomically (see the file comment). Throws on failure. */
export async function atomicWriteFile(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { backup = true, retryDelayMs = 25 } = options;
  const renameRetries = options.renameRetries ?? (process.platform === 'win32' ? 6 : 2);
  const rename = options.rename ?? fs.rename;
  const resolved = await resolveTarget(target);
  const finalPath = resolved.path;
  const dir = path.dirname(finalPath);
  const temp = tempNameFor(finalPath);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;

  const renameWithRetry = async (from: string, to: string) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await rename(from, to);
        return;
      } catch (error) {
        if (attempt >= renameRetries || !RETRY_CODES.has(errorCode(error) ?? '')) throw error;
        await sleep(retryDelayMs * 2 ** attempt);
      }
    }
  };

  let handle: fs.FileHandle | undefined;
  let backupTemp: string | undefined;
  try {
    handle = await fs.open(temp, 'wx', resolved.mode ?? options.mode ?? 0o666);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;

    if (backup && resolved.exists) {
      // Copied under a temp name and renamed: a copy cut short must not replace a good backup.
      const backupPath = backupPathFor(finalPath);
      backupTemp = tempNameFor(backupPath);
      await fs.copyFile(finalPath, backupTemp, fs.constants.COPYFILE_EXCL);
      handle = await fs.open(backupTemp, 'r+');
      await handle.sync();
      await handle.close();
      handle = undefined;
      await renameWithRetry(backupTemp, backupPath);
      backupTemp = undefined;
    }

    await renameWithRetry(temp, finalPath);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    if (backupTemp !== undefined) await fs.rm(backupTemp, { force: true }).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(dir);
}

/** Removes the files in `dir` whose names match and that are at least `minAgeMs` old; how many. */
async function removeTempFiles(dir: string, matches: (name: string) => boolean, minAgeMs: number, now: number): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!matches(name)) continue;
    try {
      const full = path.join(dir, name);
      const stat = await fs.lstat(full);
      if (stat.isFile() && now - stat.mtimeMs >= minAgeMs) {
        await fs.rm(full, { force: true });
        removed++;
      }
    } catch {
      // another process may have removed it; nothing to do
    }
  }
  return removed;
}

/** Removes temp files a crashed write left behind in `dir`. Returns how many were removed. */
export const cleanStrayTempFiles = (dir: string): Promise<number> => removeTempFiles(dir, (name) => TEMP_RE.test(name), 0, Date.now());

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes temp files that a crashed save of `target` (or of its backup) left in the map's own
 * folder, when they are older than `minAgeMs`: in a shared folder a younger one may be another
 * person's save in progress. Returns how many were removed.
 */
export function cleanStrayTempFilesFor(target: string, minAgeMs: number, now = Date.now()): Promise<number> {
  const base = escapeRegExp(path.basename(target));
  const mine = new RegExp(`^\\.${base}(${escapeRegExp(BACKUP_SUFFIX)})?\\.[0-9a-f]{12}\\.tmp$`);
  return removeTempFiles(path.dirname(path.resolve(target)), (name) => mine.test(name), minAgeMs, now);
}

/** What a file looked like when we last read or wrote it, to notice changes made by others. */
export interface Fingerprint {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Turns a file-system error into a sentence in the user's language (no stack trace). */
export function describeFsError(error: unknown, filePath: string, locale: Locale, action: 'read' | 'write'): string {
  const name = path.basename(filePath);
  switch (errorCode(error)) {
    case 'ENOENT':
      return translate(locale, 'errors.notFound', { name });
    case 'EACCES':
    case 'EPERM':
      return translate(locale, 'errors.accessDenied', { name });
    case 'EISDIR':
      return translate(locale, 'errors.notAFile', { name });
    default: {
      const code = errorCode(error);
      const detail = code ?? (error instanceof Error ? error.message : String(error));
      return translate(locale, action === 'read' ? 'errors.readFailed' : 'errors.writeFailed', { detail });
    }
  }
}

export interface ReadFileResult {
  file: OpenedFile;
  fingerprint: Fingerprint;
}

/** Reads a map file with the size cap and strict UTF-8, returning its fingerprint too. */
export async function readMapFileDetailed(filePath: string, locale: Locale): Promise<Result<ReadFileResult>> {
  const absolute = path.resolve(filePath);
  const name = path.basename(absolute);
  try {
    const stat = await fs.stat(absolute);
    if (!stat.isFile()) return { ok: false, error: translate(locale, 'errors.notAFile', { name }) };
    const tooLarge = (size: number) => ({
      ok: false as const,
      error: translate(locale, 'errors.tooLarge', { size: formatBytes(size), limit: formatBytes(MAX_FILE_BYTES) }),
    });
    if (stat.size > MAX_FILE_BYTES) return tooLarge(stat.size);
    const bytes = await fs.readFile(absolute);
    // The file may have grown between stat and read.
    if (bytes.byteLength > MAX_FILE_BYTES) return tooLarge(bytes.byteLength);
    const decoded = decodeUtf8Strict(bytes);
    if (!decoded.ok) return { ok: false, error: translate(locale, decoded.key) };
    const content = decoded.text;
    return {
      ok: true,
      value: {
        file: { path: absolute, name, content },
        fingerprint: { size: bytes.byteLength, mtimeMs: stat.mtimeMs, sha256: sha256(bytes) },
      },
    };
  } catch (error) {
    return { ok: false, error: describeFsError(error, absolute, locale, 'read') };
  }
}

/** Reads a spreadsheet for import as bytes, with the import's size cap. */
export async function readImportFile(filePath: string, locale: Locale): Promise<Result<PickedFile>> {
  const absolute = path.resolve(filePath);
  const name = path.basename(absolute);
  try {
    const stat = await fs.stat(absolute);
    if (!stat.isFile()) return { ok: false, error: translate(locale, 'errors.notAFile', { name }) };
    if (stat.size > MAX_IMPORT_BYTES) {
      return { ok: false, error: translate(locale, 'errors.tooLarge', { size: formatBytes(stat.size), limit: formatBytes(MAX_IMPORT_BYTES) }) };
    }
    const bytes = await fs.readFile(absolute);
    return { ok: true, value: { name, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) } };
  } catch (error) {
    return { ok: false, error: describeFsError(error, absolute, locale, 'read') };
  }
}

/** Reads a map file: size cap before reading, strict UTF-8, translated errors. */
export async function readMapFile(filePath: string, locale: Locale): Promise<Result<OpenedFile>> {
  const result = await readMapFileDetailed(filePath, locale);
  return result.ok ? { ok: true, value: result.value.file } : result;
}

/**
 * Whether the file on disk still is what we last read or wrote. A missing file counts as
 * unchanged (saving simply recreates it); equal size and mtime short-cut the hash.
 */
export async function isUnchangedOnDisk(filePath: string, known: Fingerprint): Promise<boolean> {
  let stat;
  try {
    stat = await fs.stat(filePath);
  } catch {
    return true;
  }
  if (stat.size === known.size && stat.mtimeMs === known.mtimeMs) return true;
  if (stat.size !== known.size) return false;
  try {
    return sha256(await fs.readFile(filePath)) === known.sha256;
  } catch {
    return true;
  }
}
