/**
 * Autosaved drafts of unsaved work (untitled maps too), one JSON file per window in
 * `<userData>/recovery/`, so work survives a crash of the app or of the computer: a draft nobody
 * cleared is offered back at the next start. (Excalidraw `LocalData.ts`; drawio drafts.)
 *
 * Drafts are named by a random hex id, checked against RECOVERY_ID_PATTERN everywhere, so no id
 * the page sends can name a file outside the folder. The file name is authoritative for the id:
 * `adopt` renames a draft without rewriting it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { RECOVERY_ID_PATTERN, type RecoveredDraft, type RecoveryEntry } from '../shared/ipc';
import { atomicWriteFile, cleanStrayTempFiles, type Fingerprint } from './files';

export const RECOVERY_DIR = 'recovery';
export const RECOVERY_FORMAT = 'marshrut-recovery';
export const RECOVERY_VERSION = 1;
/**
 * A map's text is at most 50 M characters (up to 3 UTF-8 bytes each, plus JSON escaping in the
 * draft): drafts stay below this. Bigger files are not ours.
 */
export const MAX_RECOVERY_BYTES = 200 * 1024 * 1024;
const FILE_RE = /^([0-9a-f]{32})\.json$/;

export interface DraftInput {
  content: string;
  path: string | null;
  name: string;
  /** The file as the app last read or wrote it, to check a later save in place against. */
  base: Fingerprint | null;
}

export type StoredDraft = RecoveredDraft & { base: Fingerprint | null };

export interface RecoveryStore {
  /** Replaces draft `id`. Throws when it cannot be written. */
  write(id: string, draft: DraftInput, now?: Date): Promise<void>;
  /** All readable drafts, newest first. Never throws. */
  list(): Promise<RecoveryEntry[]>;
  read(id: string): Promise<StoredDraft | null>;
  /** Renames draft `oldId` to `newId` (replacing it), so the window restoring it owns it from now on. */
  adopt(oldId: string, newId: string): Promise<StoredDraft | null>;
  remove(id: string): Promise<void>;
  newId(): string;
}

const isId = (id: unknown): id is string => typeof id === 'string' && RECOVERY_ID_PATTERN.test(id);

function assertId(id: string): void {
  if (!isId(id)) throw new Error('Invalid recovery draft id');
}

/**
 * One queue per folder for the whole process, not per store: every window has its own store,
 * and one window's list (which removes temp files) must not remove another's write in progress.
 * Main holds the single-instance lock, so no other process writes here.
 */
const queues = new Map<string, <T>(task: () => Promise<T>) => Promise<T>>();

function queueFor(dir: string) {
  let queue = queues.get(dir);
  if (!queue) {
    let tail: Promise<unknown> = Promise.resolve();
    queue = <T>(task: () => Promise<T>): Promise<T> => {
      const run = tail.then(task, task);
      tail = run.catch(() => undefined);
      return run;
    };
    queues.set(dir, queue);
  }
  return queue;
}

const isFingerprint = (value: unknown): value is Fingerprint => {
  if (!value || typeof value !== 'object') return false;
  const { size, mtimeMs, sha256 } = value as Record<string, unknown>;
  return (
    typeof size === 'number' &&
    Number.isSafeInteger(size) &&
    size >= 0 &&
    typeof mtimeMs === 'number' &&
    Number.isFinite(mtimeMs) &&
    typeof sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(sha256)
  );
};

function parseDraft(id: string, text: string): StoredDraft | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { format, version, name, path: filePath, savedAt, base, content } = value as Record<string, unknown>;
  if (format !== RECOVERY_FORMAT || version !== RECOVERY_VERSION) return null;
  if (typeof name !== 'string' || typeof content !== 'string') return null;
  if (typeof savedAt !== 'string' || Number.isNaN(Date.parse(savedAt))) return null;
  // A draft is saved back to its path later: only an absolute one is trusted.
  if (filePath !== null && (typeof filePath !== 'string' || !path.isAbsolute(filePath))) return null;
  if (base !== null && !isFingerprint(base)) return null;
  return { id, name, path: filePath, savedAt, size: Buffer.byteLength(content, 'utf8'), content, base };
}

export function createRecoveryStore(userDataDir: string): RecoveryStore {
  const dir = path.resolve(userDataDir, RECOVERY_DIR);
  const queue = queueFor(dir);
  const fileFor = (id: string) => path.join(dir, `${id}.json`);

  /** Reads and checks a draft; null for anything that is not one of ours. */
  async function load(id: string): Promise<StoredDraft | null> {
    try {
      const file = fileFor(id);
      // lstat: a symlink planted in the folder is not followed.
      const stat = await fs.lstat(file);
      if (!stat.isFile() || stat.size > MAX_RECOVERY_BYTES) return null;
      const bytes = await fs.readFile(file);
      if (bytes.byteLength > MAX_RECOVERY_BYTES) return null;
      return parseDraft(id, bytes.toString('utf8'));
    } catch {
      return null;
    }
  }

  return {
    async write(id, draft, now = new Date()) {
      assertId(id);
      const record = {
        format: RECOVERY_FORMAT,
        version: RECOVERY_VERSION,
        id,
        name: draft.name,
        path: draft.path,
        savedAt: now.toISOString(),
        base: draft.base,
        content: draft.content,
      };
      const text = `${JSON.stringify(record)}\n`;
      // A draft list() would skip is lost work: better to fail the autosave visibly.
      if (Buffer.byteLength(text, 'utf8') > MAX_RECOVERY_BYTES) throw new Error('The recovery draft is too large');
      await queue(async () => {
        await fs.mkdir(dir, { recursive: true });
        // Owner-only: unsaved work may hold personal data (interview notes).
        await atomicWriteFile(fileFor(id), text, { backup: false, mode: 0o600 });
      });
    },

    list: () =>
      queue(async () => {
        await cleanStrayTempFiles(dir);
        let names: string[];
        try {
          names = await fs.readdir(dir);
        } catch {
          return [];
        }
        const entries: RecoveryEntry[] = [];
        for (const name of names) {
          const id = FILE_RE.exec(name)?.[1];
          const draft = id ? await load(id) : null;
          if (draft) entries.push({ id: draft.id, name: draft.name, path: draft.path, savedAt: draft.savedAt, size: draft.size });
        }
        return entries.sort((a, b) => Date.parse(b.savedAt) - Date.parse(a.savedAt) || a.id.localeCompare(b.id));
      }).catch(() => []),

    read: async (id) => (isId(id) ? queue(() => load(id)) : null),

    async adopt(oldId, newId) {
      assertId(oldId);
      assertId(newId);
      return queue(async () => {
        const draft = await load(oldId);
        if (!draft) return null;
        if (oldId !== newId) {
          try {
            await fs.rename(fileFor(oldId), fileFor(newId));
          } catch (error) {
            if ((error as { code?: unknown }).code === 'ENOENT') return null;
            throw error;
          }
        }
        return { ...draft, id: newId };
      });
    },

    async remove(id) {
      if (!isId(id)) return;
      await queue(() => fs.rm(fileFor(id), { force: true }));
    },

    newId: () => randomBytes(16).toString('hex'),
  };
}
