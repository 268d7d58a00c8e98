/**
 * Dot voting in a workshop, on the desktop edition (real main-process handlers, stubbed Save
 * dialog): a round on pain points for three participants from three agencies, dots cast by
 * clicking the cards on the canvas (one taken back with a right-click), the round closed, the
 * ranked tally seen, undo and redo of the closing, and the saved file holding the round's record
 * and the votes that rank the pain register (Markdown export order checked too).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportMarkdown } from '../../shared/export/markdown';
import { restoreDocument } from '../../shared/model';
import { BUILT_IN_CATALOGS } from '../../templates/guidance';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';
import { openDesktopApp, type DesktopSession } from './support/desktop';

const env = useBuiltApp();

let dir: string;
let session: DesktopSession | null = null;
let errors: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marshrut-voting-'));
  errors = [];
});
afterEach(async () => {
  await session?.context.close();
  session = null;
  await rm(dir, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

const PARTICIPANTS = [
  { name: 'Анна Петрова', agency: 'МФЦ', agencyId: 'agency-mfc' },
  { name: 'Борис Иванов', agency: 'Поликлиника', agencyId: 'agency-polyclinic' },
  { name: 'Вера Смирнова', agency: 'Госавтоинспекция', agencyId: 'agency-mvd' },
];

describe('dot voting', () => {
  it('runs a round for three participants and saves the tally and ranking in the file', async () => {
    session = await openDesktopApp(env.browser, env.server.url, { userDataDir: join(dir, 'userData') });
    const { page } = session;
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewportSize({ width: 1400, height: 900 });
    const app = new MarshrutPage(page);
    await app.waitForMap();
    await app.fitView();

    // Start a round from the toolbar: title, 3 votes each, three people from three agencies.
    await app.tool('startVoting').click();
    const setup = page.locator('.modal.voting-setup');
    await setup.waitFor();
    await setup.getByLabel('Название раунда').fill('Что болит сильнее всего');
    await setup.getByLabel('Голосов у каждого участника').fill('3');
    for (const [i, p] of PARTICIPANTS.entries()) {
      await setup.getByLabel(`Имя ${i + 1}`, { exact: true }).fill(p.name);
      await setup.getByLabel(`Ведомство ${i + 1}`, { exact: true }).selectOption({ label: p.agency });
    }
    await page.screenshot({ path: '/tmp/vb-setup.png' });
    await setup.getByRole('button', { name: 'Начать раунд' }).click();
    await expect.poll(() => setup.count()).toBe(0);

    // The Voting tab shows the round, its three voters with 3 votes each, the first one picked.
    const panel = page.locator('.voting-panel');
    await panel.locator('[data-testid="voting-open"]').waitFor();
    const voters = panel.locator('[data-testid="voter"]');
    await expect.poll(() => voters.count()).toBe(3);
    await expect.poll(() => voters.evaluateAll((els) => els.map((e) => e.getAttribute('data-left')))).toEqual(['3', '3', '3']);
    await expect.poll(() => voters.first().getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.locator('[data-testid="voting-banner"]').innerText()).toContain('Анна Петрова');

    const card = (painId: string) => page.locator(`.canvas [data-testid="pain-card"][data-pain-id="${painId}"]`);
    const dotsOn = (painId: string) => card(painId).locator('[data-testid="vote-badge"]').getAttribute('data-dots');
    const vote = async (voter: number, painIds: string[]) => {
      await voters.nth(voter).click();
      for (const id of painIds) await card(id).click();
    };

    // Anna (MFC): two dots on the two dispensaries, one on the citizen-courier.
    await vote(0, ['pain-two-dispensaries', 'pain-two-dispensaries', 'pain-citizen-courier']);
    await expect.poll(() => dotsOn('pain-two-dispensaries')).toBe('2');
    // A fourth click does nothing: her dots are spent.
    await card('pain-scattered-info').click();
    await expect.poll(() => dotsOn('pain-scattered-info')).toBe('0');
    // Clicking cards while voting casts dots and does not select them.
    expect(await page.locator('.react-flow__node.selected').count()).toBe(0);

    // Boris (polyclinic): one on the dispensaries, two on the separate receipts.
    await vote(1, ['pain-two-dispensaries', 'pain-separate-receipts', 'pain-separate-receipts']);

    // Vera (traffic police): a dot on the fourth floor, taken back with a right-click, then three.
    await vote(2, ['pain-fourth-floor']);
    await expect.poll(() => dotsOn('pain-fourth-floor')).toBe('1');
    await card('pain-fourth-floor').click({ button: 'right' });
    await expect.poll(() => dotsOn('pain-fourth-floor')).toBe('0');
    // ...and one more from the tab's list ("+"), the rest on the canvas.
    await panel.getByRole('button', { name: 'Поставить точку: Гражданин — курьер между Минздравом и МВД' }).click();
    await vote(2, ['pain-two-dispensaries', 'pain-separate-receipts']);

    await expect.poll(() => voters.evaluateAll((els) => els.map((e) => e.getAttribute('data-left')))).toEqual(['0', '0', '0']);
    expect(await dotsOn('pain-two-dispensaries')).toBe('4');
    expect(await dotsOn('pain-separate-receipts')).toBe('3');
    expect(await dotsOn('pain-citizen-courier')).toBe('2');
    await page.screenshot({ path: '/tmp/vb-voting-round.png' });

    // Close the round: the tally, ranked, with the votes by agency.
    await panel.locator('[data-testid="close-round"]').click();
    const tally = page.locator('.modal.voting-tally-dialog');
    await tally.waitFor();
    const rows = tally.locator('[data-testid="tally-row"]');
    await expect
      .poll(() => rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-item-id'), e.getAttribute('data-total')])))
      .toEqual([
        ['pain-two-dispensaries', '4'],
        ['pain-separate-receipts', '3'],
        ['pain-citizen-courier', '2'],
      ]);
    const first = await rows.first().innerText();
    expect(first).toContain('Два диспансера в разных местах города');
    expect(first).toMatch(/МФЦ 2/);
    expect(first).toMatch(/Поликлиника 1/);
    expect(first).toMatch(/Госавтоинспекция 1/);
    await page.screenshot({ path: '/tmp/vb-tally.png' });
    await tally.getByRole('button', { name: 'Готово' }).click();
    await expect.poll(() => tally.count()).toBe(0);

    // The tab now ranks the pain register by votes and lists the round in the record.
    const register = panel.locator('[data-testid="vote-register"] li');
    await expect
      .poll(() => register.evaluateAll((els) => els.slice(0, 3).map((e) => [e.getAttribute('data-pain-id'), e.getAttribute('data-votes')])))
      .toEqual([
        ['pain-two-dispensaries', '4'],
        ['pain-separate-receipts', '3'],
        ['pain-citizen-courier', '2'],
      ]);
    const past = panel.locator('[data-testid="past-round"]');
    await expect.poll(() => past.count()).toBe(1);
    expect(await past.innerText()).toMatch(/участников: 3 · голосов: 9/);
    // Cards keep the votes they got, muted.
    expect(await card('pain-two-dispensaries').locator('[data-testid="vote-badge"]').getAttribute('data-votes')).toBe('4');

    // Closing is undoable: Ctrl+Z reopens the round, Ctrl+Shift+Z closes it again.
    await page.locator('.canvas .react-flow__pane').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await app.press('Control+z');
    await panel.locator('[data-testid="voting-open"]').waitFor();
    await app.press('Control+Shift+z');
    await expect.poll(() => panel.locator('[data-testid="voting-open"]').count()).toBe(0);

    // Save through the desktop shell and read the file.
    const file = join(dir, 'голосование.cjm');
    session.dialogs.savePaths.push(file);
    await app.press('Control+s');
    await expect.poll(() => app.dirtyMarker.count()).toBe(0);
    const restored = restoreDocument(await readFile(file, 'utf8'));
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    const doc = restored.doc;
    expect(doc.votingRounds).toHaveLength(1);
    const round = doc.votingRounds[0];
    expect(round).toMatchObject({ title: 'Что болит сильнее всего', target: 'painPoints', votesPerParticipant: 3, hidden: false });
    expect(round?.closedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(round?.participants.map((p) => [p.name, p.agencyId])).toEqual(PARTICIPANTS.map((p) => [p.name, p.agencyId]));
    expect(round?.votes).toHaveLength(9);
    const pain = (id: string) => doc.painPoints.find((p) => p.id === id);
    expect(pain('pain-two-dispensaries')).toMatchObject({ votes: 4, votesByAgency: { 'agency-mfc': 2, 'agency-polyclinic': 1, 'agency-mvd': 1 } });
    expect(pain('pain-separate-receipts')).toMatchObject({ votes: 3, votesByAgency: { 'agency-polyclinic': 2, 'agency-mvd': 1 } });
    expect(pain('pain-citizen-courier')).toMatchObject({ votes: 2, votesByAgency: { 'agency-mfc': 1, 'agency-mvd': 1 } });
    expect(pain('pain-fourth-floor')).toMatchObject({ votes: 0, votesByAgency: {} });

    // The exported register follows the votes.
    const md = exportMarkdown(doc, { locale: 'ru', catalogs: BUILT_IN_CATALOGS });
    const section = md.slice(md.indexOf('Реестр болей'));
    const at = (title: string) => section.indexOf(title);
    expect(at('Два диспансера в разных местах города')).toBeGreaterThan(0);
    expect(at('Два диспансера в разных местах города')).toBeLessThan(at('Три кассы и три отдельных чека за одну справку'));
    expect(at('Три кассы и три отдельных чека за одну справку')).toBeLessThan(at('Гражданин — курьер между Минздравом и МВД'));
    expect(at('Гражданин — курьер между Минздравом и МВД')).toBeLessThan(at('Врачи медкомиссии — на четвёртом этаже'));
  });
});
