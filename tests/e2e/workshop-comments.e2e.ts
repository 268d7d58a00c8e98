/**
 * Comments (issue 6) in the desktop edition (real main-process handlers write the file): a
 * comment with author and agency on a step, its badge on the card and its thread in the Comments
 * tab, a reply, Ctrl+Z of a just-added comment, resolving (the thread leaves the open list and
 * comes back with "Show resolved"), and the saved file holding the resolved thread.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';
import { openDesktopApp } from './support/desktop';

const env = useBuiltApp();

const STEP = 'Звонок в регистратуру поликлиники';

describe('comments', () => {
  it('adds, replies to and resolves a comment on a step, and saves the thread in the map file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'marshrut-comments-'));
    try {
      const session = await openDesktopApp(env.browser, env.server.url, { userDataDir: join(dir, 'userData') });
      const { page } = session;
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const app = new MarshrutPage(page);
      await app.waitForMap();

      // Select the step; its comments are in the inspector, below its properties.
      await app.card(STEP).click();
      const section = app.inspector.locator('[data-testid="comments-section"]');
      await expect(section.innerText()).resolves.toContain('Комментариев пока нет.');
      await section.getByRole('button', { name: 'Написать комментарий' }).click();
      await section.getByLabel('Ваше имя в комментариях').fill('Ирина Петрова');
      await section.getByLabel('Ведомство').selectOption({ label: 'Поликлиника' });
      await section.getByLabel('Напишите комментарий…').fill('Регистратура не берёт трубку до 10 утра');
      await section.getByRole('button', { name: 'Комментировать' }).click();

      const thread = section.locator('[data-testid="comment-thread"]');
      await expect.poll(() => thread.count()).toBe(1);
      await expect(thread.innerText()).resolves.toMatch(/Ирина Петрова[\s\S]*Поликлиника[\s\S]*Регистратура не берёт трубку до 10 утра/);
      // The time, localized.
      await expect(thread.locator('time').first().innerText()).resolves.toMatch(/\d{1,2} [а-я]+\.?,? \d{2}:\d{2}/);

      // The card shows a speech bubble with one open thread.
      const node = page.locator('.react-flow__node', { has: app.card(STEP) });
      const badge = node.locator('[data-testid="comment-badge"]');
      await expect.poll(() => badge.innerText()).toBe('1');

      // A second comment, taken back with Ctrl+Z.
      await section.getByRole('button', { name: 'Написать комментарий' }).click();
      await section.getByLabel('Напишите комментарий…').fill('Лишний комментарий');
      await section.getByRole('button', { name: 'Комментировать' }).click();
      await expect.poll(() => thread.count()).toBe(2);
      await expect.poll(() => badge.innerText()).toBe('2');
      await page.keyboard.press('Control+z');
      await expect.poll(() => thread.count()).toBe(1);
      await expect.poll(() => badge.innerText()).toBe('1');

      // The Comments tab lists the open thread: the element, the first comment, replies, time.
      const tab = page.getByRole('tab', { name: /Комментарии/ });
      await tab.click();
      const list = page.locator('.comments-panel .thread-list li');
      await expect.poll(() => list.count()).toBe(1);
      await expect(list.first().innerText()).resolves.toMatch(new RegExp(`Шаг[\\s\\S]*${STEP}[\\s\\S]*Ирина Петрова: Регистратура не берёт трубку до 10 утра[\\s\\S]*Ответов: 0`, 'i'));

      // Clicking it selects the step (after the selection was cleared).
      await page.keyboard.press('Escape');
      await expect.poll(() => app.card(STEP).getAttribute('class')).not.toContain('selected');
      await list.first().getByRole('button').click();
      await expect.poll(() => app.card(STEP).getAttribute('class')).toContain('selected');

      // A reply, from the inspector.
      await page.getByRole('tab', { name: 'Свойства' }).click();
      await thread.getByRole('button', { name: 'Ответить' }).click();
      await thread.getByLabel('Напишите ответ…').fill('Предлагаю запись через Госуслуги');
      await thread.getByRole('button', { name: 'Отправить ответ' }).click();
      await expect.poll(() => thread.locator('.comment').count()).toBe(2);
      await tab.click();
      await expect.poll(() => list.first().innerText()).toContain('Ответов: 1');

      // Resolved: gone from the open list and from the badge; back with "Show resolved".
      await page.getByRole('tab', { name: 'Свойства' }).click();
      await thread.getByLabel('Решено').check();
      await expect.poll(() => badge.count()).toBe(0);
      await tab.click();
      await expect.poll(() => list.count()).toBe(0);
      await expect(page.locator('.comments-panel').innerText()).resolves.toContain('Открытых обсуждений нет.');
      await page.locator('.comments-panel').getByLabel('Показать решённые').check();
      await expect.poll(() => list.count()).toBe(1);
      await expect(list.first().innerText()).resolves.toContain('✓ Решено');

      // Saved to a real file: the thread is there, resolved.
      const file = join(dir, 'карта с комментариями.cjm');
      session.dialogs.savePaths.push(file);
      await page.keyboard.press('Control+s');
      await expect.poll(() => app.dirtyMarker.count(), { timeout: 15_000 }).toBe(0);
      const saved = JSON.parse(await readFile(file, 'utf8')) as {
        threads: { target: { kind: string; id?: string }; resolved: boolean; comments: { author: string; agencyId?: string; text: string; at: string }[] }[];
      };
      expect(saved.threads).toHaveLength(1);
      const [savedThread] = saved.threads;
      expect(savedThread).toMatchObject({ target: { kind: 'step', id: 'step-call-polyclinic' }, resolved: true });
      expect(savedThread!.comments.map((c) => [c.author, c.agencyId, c.text])).toEqual([
        ['Ирина Петрова', 'agency-polyclinic', 'Регистратура не берёт трубку до 10 утра'],
        ['Ирина Петрова', 'agency-polyclinic', 'Предлагаю запись через Госуслуги'],
      ]);
      expect(Number.isNaN(Date.parse(savedThread!.comments[0]!.at))).toBe(false);

      // The name is remembered for the next session.
      await page.reload();
      await app.waitForMap();
      await app.inspector.getByRole('button', { name: 'Написать комментарий' }).click();
      await expect(app.inspector.locator('[data-testid="comments-section"]').getByLabel('Ваше имя в комментариях').inputValue()).resolves.toBe('Ирина Петрова');
      expect(errors).toEqual([]);
      await session.context.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
