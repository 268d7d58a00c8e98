import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256, type Fingerprint } from '../../../electron/files';
import { createRecoveryStore, MAX_RECOVERY_BYTES, RECOVERY_DIR } from '../../../electron/recovery';
import { RECOVERY_ID_PATTERN } from '../../../shared/ipc';

let dir: string;
let recoveryDir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'marshrut-recovery-'));
  recoveryDir = path.join(dir, RECOVERY_DIR);
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const content = '{"title":"Получение паспорта — черновик","steps":["Подать заявление"]}';
const mapPath = () => path.join(dir, 'Паспорт.cjm');
const base: Fingerprint = { size: 12, mtimeMs: 1_700_000_000_000.5, sha256: sha256(Buffer.from('x')) };
const leftovers = async () => (await fs.readdir(recoveryDir)).filter((name) => !/^[0-9a-f]{32}\.json$/.test(name));

describe('recovery store', () => {
  it('round-trip: write, list, read, adopt, remove (Cyrillic content)', async () => {
    const store = createRecoveryStore(dir);
    const id = store.newId();
    expect(id).toMatch(RECOVERY_ID_PATTERN);
    expect(await store.list()).toEqual([]); // no folder yet
    const savedAt = new Date('2026-11-27T10:40:00.000Z');
    await store.write(id, { content, path: mapPath(), name: 'Паспорт.cjm', base }, savedAt);

    const onDisk = JSON.parse(await fs.readFile(path.join(recoveryDir, `${id}.json`), 'utf8'));
    expect(onDisk).toEqual({
      format: 'marshrut-recovery',
      version: 1,
      id,
      name: 'Паспорт.cjm',
      path: mapPath(),
      savedAt: savedAt.toISOString(),
      base,
      content,
    });

    const entry = { id, name: 'Паспорт.cjm', path: mapPath(), savedAt: savedAt.toISOString(), size: Buffer.byteLength(content, 'utf8') };
    expect(entry.size).toBeGreaterThan(content.length); // bytes, not characters
    expect(await createRecoveryStore(dir).list()).toEqual([entry]);
    expect(await store.read(id)).toEqual({ ...entry, content, base });

    const newId = store.newId();
    expect(newId).not.toBe(id);
    expect(await store.adopt(id, newId)).toEqual({ ...entry, id: newId, content, base });
    expect(await store.read(id)).toBeNull();
    expect(await store.read(newId)).toEqual({ ...entry, id: newId, content, base });
    expect(await store.adopt(id, newId)).toBeNull(); // already taken

    await store.remove(newId);
    await store.remove(newId); // gone already: fine
    expect(await store.list()).toEqual([]);
    expect(await store.read(newId)).toBeNull();
    expect(await leftovers()).toEqual([]);
  });

  it('keeps untitled drafts and lists the newest first', async () => {
    const store = createRecoveryStore(dir);
    const ids = [store.newId(), store.newId(), store.newId()];
    await store.write(ids[0]!, { content: 'a', path: null, name: 'Без названия', base: null }, new Date('2026-01-02T00:00:00Z'));
    await store.write(ids[1]!, { content: 'b', path: mapPath(), name: 'Паспорт.cjm', base }, new Date('2026-01-03T00:00:00Z'));
    await store.write(ids[2]!, { content: 'c', path: null, name: 'Старое', base: null }, new Date('2026-01-01T00:00:00Z'));
    expect((await store.list()).map((e) => e.id)).toEqual([ids[1], ids[0], ids[2]]);
    expect(await store.read(ids[0]!)).toMatchObject({ path: null, name: 'Без названия', base: null, content: 'a' });
  });

  it('the last of two quick writes wins, and no temp files stay behind', async () => {
    const store = createRecoveryStore(dir);
    const other = createRecoveryStore(dir); // another window: same folder, same queue
    const id = store.newId();
    const big = 'Маршрут '.repeat(500_000); // slow enough to overlap if the writes were not queued
    await Promise.all([
      store.write(id, { content: big, path: null, name: 'first', base: null }),
      other.list(),
      store.write(id, { content: 'small', path: null, name: 'second', base: null }),
      other.list(),
    ]);
    expect(await store.read(id)).toMatchObject({ name: 'second', content: 'small' });
    expect(await leftovers()).toEqual([]);
  });

  it('skips files that are not drafts, and removes stray temp files', async () => {
    const store = createRecoveryStore(dir);
    const good = store.newId();
    await store.write(good, { content, path: null, name: 'ok', base: null });
    const draft = JSON.parse(await fs.readFile(path.join(recoveryDir, `${good}.json`), 'utf8'));
    const junk: Record<string, string> = {
      'notes.txt': 'hello',
      [`${store.newId().toUpperCase()}.json`]: JSON.stringify(draft),
      [`${store.newId()}.json.bak`]: JSON.stringify(draft),
      [`${store.newId()}.json`]: '{not json',
      [`${store.newId()}.json`]: 'null',
      [`${store.newId()}.json `]: JSON.stringify(draft),
    };
    const invalid = [
      { ...draft, format: 'something-else' },
      { ...draft, version: 2 },
      { ...draft, content: undefined },
      { ...draft, name: 5 },
      { ...draft, path: undefined },
      { ...draft, path: 'relative/map.cjm' },
      { ...draft, savedAt: 'yesterday' },
      { ...draft, base: undefined },
      { ...draft, base: { size: 1 } },
    ];
    for (const value of invalid) junk[`${store.newId()}.json`] = JSON.stringify(value);
    for (const [name, text] of Object.entries(junk)) await fs.writeFile(path.join(recoveryDir, name), text);
    await fs.mkdir(path.join(recoveryDir, `${store.newId()}.json`));
    const stray = path.join(recoveryDir, `.${good}.json.0123456789ab.tmp`);
    await fs.writeFile(stray, 'half a draft');

    expect((await store.list()).map((e) => e.id)).toEqual([good]);
    await expect(fs.access(stray)).rejects.toThrow();
    for (const name of Object.keys(junk)) {
      const id = name.slice(0, 32);
      if (RECOVERY_ID_PATTERN.test(id) && name === `${id}.json`) expect(await store.read(id), name).toBeNull();
    }
  });

  it('does not read a file bigger than MAX_RECOVERY_BYTES', async () => {
    const store = createRecoveryStore(dir);
    const id = store.newId();
    await fs.mkdir(recoveryDir, { recursive: true });
    const file = path.join(recoveryDir, `${id}.json`);
    // Sparse: a valid draft start followed by a hole, without writing 200 MiB.
    const handle = await fs.open(file, 'w');
    await handle.write('{"format":"marshrut-recovery","version":1}', 0);
    await handle.truncate(MAX_RECOVERY_BYTES + 1);
    await handle.close();
    expect(await store.list()).toEqual([]);
    expect(await store.read(id)).toBeNull();
  });

  it('refuses ids that are not its own hex ids', async () => {
    const store = createRecoveryStore(dir);
    const good = store.newId();
    await store.write(good, { content, path: null, name: 'ok', base: null });
    const draft = { content, path: null, name: 'x', base: null };
    for (const id of ['../x', '__proto__', '', 'constructor', `${good}/../${good}`, good.toUpperCase(), `${good}0`, '..', path.join('..', good)]) {
      await expect(store.write(id, draft), id).rejects.toThrow(Error);
      await expect(store.adopt(id, good), id).rejects.toThrow(Error);
      await expect(store.adopt(good, id), id).rejects.toThrow(Error);
      expect(await store.read(id), id).toBeNull();
      await store.remove(id);
    }
    expect((await store.list()).map((e) => e.id)).toEqual([good]);
    expect((await fs.readdir(dir)).sort()).toEqual([RECOVERY_DIR]);
  });
});
