/**
 * The kill test at a small count (tests/kill/run.ts; `npm run kill-test` kills 1000 writers):
 * real writer processes saving maps with atomicWriteFile, killed with SIGKILL at random moments.
 * After every kill the map validates and is the old or the new content, the backup validates,
 * and no temp file survives the cleanup the app runs at start.
 */
import { describe, expect, it } from 'vitest';
import { passed, runKillTest, summaryLine } from '../../kill/run';

const KILLS = 40;

describe.skipIf(process.platform === 'win32')('kill test', () => {
  it(`survives ${KILLS} SIGKILLs mid-save: nothing corrupted, old or new content, no orphan temp files`, async () => {
    const lines: string[] = [];
    const report = await runKillTest({ kills: KILLS, log: (line) => lines.push(line) });
    console.log(summaryLine(report));
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({
      kills: KILLS,
      corrupted: 0,
      neitherOldNorNew: 0,
      orphansAfterCleanup: 0,
      backupBad: 0,
      writerFailures: 0,
    });
    expect(report.old + report.new).toBe(KILLS);
    expect(passed(report)).toBe(true);
    expect(lines.at(-1)).toMatch(/^kills: 40, corrupted: 0, neither old nor new: 0, orphan temp files after cleanup: 0, time: [\d.]+ s$/);
  }, 120_000);
});
