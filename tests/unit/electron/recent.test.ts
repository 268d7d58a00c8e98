import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecentStore, createSettingsStore, MAX_RECENT, RECENT_FILE, SETTINGS_FILE } from '../../../electron/recent';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'marshrut-recent-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('recent store', () => {
  it('keeps at most ten, newest first, once each, across instances', async () => {
    const store = createRecentStore(dir);
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.add(path.join(dir, `m${i}.cjm`)))); // queued, in order
    await store.add(path.join(dir, 'm3.cjm'));
    const list = await createRecentStore(dir).list();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toEqual({ path: path.join(dir, 'm3.cjm'), name: 'm3.cjm' });
    expect(list.filter((r) => r.name === 'm3.cjm')).toHaveLength(1);
    expect(list[1]?.name).toBe('m11.cjm');
    expect(await store.remove(path.join(dir, 'm3.cjm'))).toHaveLength(MAX_RECENT - 1);
    expect(await store.clear()).toEqual([]);
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp') || n.endsWith('.bak'))).toEqual([]);
  });

  it('reads a damaged or odd file as empty', async () => {
    for (const text of ['', 'null', '[1,2', '{"files": "nope"}', '"string"']) {
      await fs.writeFile(path.join(dir, RECENT_FILE), text);
      expect(await createRecentStore(dir).list()).toEqual([]);
    }
  });
});

describe('settings store', () => {
  it('remembers the language and ignores junk', async () => {
    const settings = createSettingsStore(dir);
    expect(await settings.get()).toEqual({});
    expect(await settings.update({ locale: 'en' })).toEqual({ locale: 'en' });
    expect(await createSettingsStore(dir).get()).toEqual({ locale: 'en' });
    await fs.writeFile(path.join(dir, SETTINGS_FILE), '{"locale":"de","extra":1}');
    expect(await settings.get()).toEqual({});
    await fs.writeFile(path.join(dir, SETTINGS_FILE), '{{{');
    expect(await settings.get()).toEqual({});
    expect(await settings.update({ locale: 'ru' })).toEqual({ locale: 'ru' });
  });

  it('creates the folder when needed', async () => {
    const nested = path.join(dir, 'a', 'b');
    await createSettingsStore(nested).update({ locale: 'ru' });
    expect(JSON.parse(await fs.readFile(path.join(nested, SETTINGS_FILE), 'utf8'))).toEqual({ locale: 'ru' });
  });
});
