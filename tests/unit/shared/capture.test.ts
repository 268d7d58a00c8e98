/** Quick capture's line parser (issue 6): prefixes, trailing severity marks, whitespace, Cyrillic. */
import { describe, expect, it } from 'vitest';
import { applyCapture, captureCells, DEFAULT_CAPTURE_SEVERITY, initialCaptureCell, parseCapture, shiftCell, stepCell, type Capture, type CaptureContext } from '../../../shared/model/capture';
import { LIMITS, JourneyMapSchema, referenceIssues, type JourneyMap } from '../../../shared/model';
import { deepFreeze, richDoc } from './fixtures';

describe('parseCapture', () => {
  it('reads a line without a prefix as a step, Cyrillic and punctuation kept', () => {
    expect(parseCapture('Записаться на приём')).toEqual({ kind: 'step', title: 'Записаться на приём' });
    expect(parseCapture('Оплатить пошлину!')).toEqual({ kind: 'step', title: 'Оплатить пошлину!' });
    expect(parseCapture('Ёлки-палки: «справка 003-В/у»?')).toEqual({ kind: 'step', title: 'Ёлки-палки: «справка 003-В/у»?' });
  });

  it('reads `!` as a pain point whose severity is the number of trailing `!`, 3 without any', () => {
    expect(parseCapture('!Очередь в кассу')).toEqual({ kind: 'pain', title: 'Очередь в кассу', severity: DEFAULT_CAPTURE_SEVERITY });
    expect(DEFAULT_CAPTURE_SEVERITY).toBe(3);
    expect(parseCapture('!Очередь в кассу!')).toEqual({ kind: 'pain', title: 'Очередь в кассу', severity: 1 });
    expect(parseCapture('!Очередь в кассу!!')).toEqual({ kind: 'pain', title: 'Очередь в кассу', severity: 2 });
    expect(parseCapture('!Очередь в кассу!!!')).toEqual({ kind: 'pain', title: 'Очередь в кассу', severity: 3 });
    expect(parseCapture('!Очередь в кассу!!!!')).toEqual({ kind: 'pain', title: 'Очередь в кассу', severity: 4 });
    expect(parseCapture('!Очередь в кассу!!!!!')).toEqual({ kind: 'pain', title: 'Очередь в кассу', severity: 5 });
    // More than five marks count as five.
    expect(parseCapture('!Очередь в кассу!!!!!!!!')).toEqual({ kind: 'pain', title: 'Очередь в кассу', severity: 5 });
  });

  it('keeps `!` inside a pain point title and allows spaces before the marks', () => {
    expect(parseCapture('!Касса! не работает !!')).toEqual({ kind: 'pain', title: 'Касса! не работает', severity: 2 });
    expect(parseCapture('!!Двойной')).toEqual({ kind: 'pain', title: '!Двойной', severity: 3 });
  });

  it('reads `+` as an opportunity and `?` as a question (the leading mark dropped, a trailing one kept)', () => {
    expect(parseCapture('+Запись онлайн')).toEqual({ kind: 'opportunity', title: 'Запись онлайн' });
    expect(parseCapture('+ Запись онлайн!!')).toEqual({ kind: 'opportunity', title: 'Запись онлайн!!' });
    expect(parseCapture('?Кто выдаёт справку?')).toEqual({ kind: 'question', text: 'Кто выдаёт справку?' });
    expect(parseCapture('? Who signs it')).toEqual({ kind: 'question', text: 'Who signs it' });
  });

  it('takes a line after `\\` literally as a step', () => {
    expect(parseCapture('\\!Важно')).toEqual({ kind: 'step', title: '!Важно' });
    expect(parseCapture('\\+7 звонок')).toEqual({ kind: 'step', title: '+7 звонок' });
  });

  it('trims whitespace around the line, after the prefix and before the marks; tabs and newlines too', () => {
    expect(parseCapture('   Подать заявление   ')).toEqual({ kind: 'step', title: 'Подать заявление' });
    expect(parseCapture('\t!   Нет парковки  !!! \n')).toEqual({ kind: 'pain', title: 'Нет парковки', severity: 3 });
    expect(parseCapture('  +   Единое окно  ')).toEqual({ kind: 'opportunity', title: 'Единое окно' });
    expect(parseCapture('Две\nстроки')).toEqual({ kind: 'step', title: 'Две строки' });
  });

  it('does nothing for an empty line, a prefix alone or marks alone', () => {
    for (const line of ['', '   ', '\t\n', '!', '+', '?', '\\', '! ', '  ?  ', '!!', '!!!', '! !!!', '!!!!!!!!', '+   ']) {
      expect(parseCapture(line), JSON.stringify(line)).toBeNull();
    }
  });

  it('cuts titles to the short-text limit (by characters, not UTF-16 units)', () => {
    const long = 'ж'.repeat(LIMITS.shortText + 50);
    const step = parseCapture(long);
    expect(step?.kind === 'step' && step.title.length).toBe(LIMITS.shortText);
    const pain = parseCapture(`!${'😀'.repeat(LIMITS.shortText + 5)}!!`);
    expect(pain?.kind === 'pain' && Array.from(pain.title).length).toBe(LIMITS.shortText);
    expect(pain?.kind === 'pain' && pain.severity).toBe(2);
  });
});

describe('applyCapture', () => {
  let n = 0;
  const ctx = (patch: Partial<CaptureContext> = {}): CaptureContext => ({
    cell: { laneId: 'lane-citizen', stageId: 'stage-a' },
    lastStepId: null,
    lastPainId: null,
    selectedStepId: null,
    author: 'Ведущий',
    at: '2025-01-01T10:00:00.000Z',
    makeId: (prefix) => `${prefix}-t${++n}`,
    ...patch,
  });
  const run = (doc: JourneyMap, line: string, patch: Partial<CaptureContext> = {}) => applyCapture(doc, parseCapture(line) as Capture, ctx(patch));
  const valid = (doc: JourneyMap) => {
    expect(JourneyMapSchema.safeParse(doc).success).toBe(true);
    expect(referenceIssues(doc)).toEqual([]);
  };

  it('adds a step at the end of the cell', () => {
    const doc = deepFreeze(richDoc());
    const result = run(doc, 'Новый шаг');
    expect(result?.kind).toBe('step');
    const inCell = result!.doc.steps.filter((s) => s.laneId === 'lane-citizen' && s.stageId === 'stage-a');
    expect(inCell.map((s) => s.title)).toEqual(['Один', 'Два', 'Три', 'Новый шаг']);
    valid(result!.doc);
  });

  it('hangs a pain point on the last captured step in the cell, else the selected one, else places it in the pains lane', () => {
    const doc = deepFreeze(richDoc());
    const onLast = run(doc, '!Очередь!!!!', { lastStepId: 'step-3', selectedStepId: 'step-1' })!;
    const pain = onLast.doc.painPoints.find((p) => p.id === onLast.id)!;
    expect(pain).toMatchObject({ stepId: 'step-3', severity: 4, cell: { laneId: 'lane-pains', stageId: 'stage-a' } });
    valid(onLast.doc);
    const onSelected = run(doc, '!Очередь', { lastStepId: 'step-5', selectedStepId: 'step-1' })!;
    expect(onSelected.doc.painPoints.find((p) => p.id === onSelected.id)).toMatchObject({ stepId: 'step-1', severity: 3, agencyIds: ['agency-clinic'] });
    const loose = run(doc, '!Нет парковки!', { cell: { laneId: 'lane-front', stageId: 'stage-b' }, lastStepId: 'step-1' })!;
    const free = loose.doc.painPoints.find((p) => p.id === loose.id)!;
    expect(free.stepId).toBeUndefined();
    expect(free).toMatchObject({ severity: 1, cell: { laneId: 'lane-pains', stageId: 'stage-b' } });
  });

  it('links an opportunity to the last captured pain point, else to the last one of the stage', () => {
    const doc = deepFreeze(richDoc());
    const withPain = run(doc, '!Очередь');
    const opp = run(withPain!.doc, '+Запись онлайн', { lastPainId: withPain!.id })!;
    expect(opp.doc.opportunities.find((o) => o.id === opp.id)?.painPointIds).toEqual([withPain!.id]);
    expect(opp.doc.painPoints.find((p) => p.id === withPain!.id)?.opportunityIds).toEqual([opp.id]);
    valid(opp.doc);
    const byStage = run(doc, '+Окно', { cell: { laneId: 'lane-citizen', stageId: 'stage-b' } })!;
    expect(byStage.doc.opportunities.find((o) => o.id === byStage.id)).toMatchObject({ painPointIds: ['pain-cell'] });
  });

  it('opens a question as a comment thread on the stage', () => {
    const result = run(deepFreeze(richDoc()), '?Кто выдаёт справку?', { cell: { laneId: 'lane-front', stageId: 'stage-b' } })!;
    const thread = result.doc.threads.find((t) => t.id === result.id)!;
    expect(thread.target).toEqual({ kind: 'stage', id: 'stage-b' });
    expect(thread.comments[0]).toMatchObject({ author: 'Ведущий', text: 'Кто выдаёт справку?' });
    valid(result.doc);
  });

  it('does nothing when the cell is gone', () => {
    expect(run(richDoc(), 'Шаг', { cell: { laneId: 'lane-gone', stageId: 'stage-a' } })).toBeNull();
  });
});

describe('capture cells', () => {
  it('walks stage by stage, then the next lane, wrapping round; arrows stay on the grid', () => {
    const doc = richDoc();
    expect(captureCells(doc)).toHaveLength(6);
    const a = { laneId: 'lane-citizen', stageId: 'stage-a' };
    const b = stepCell(doc, a, 1);
    expect(b).toEqual({ laneId: 'lane-citizen', stageId: 'stage-b' });
    expect(stepCell(doc, b, 1)).toEqual({ laneId: 'lane-front', stageId: 'stage-a' });
    expect(stepCell(doc, a, -1)).toEqual({ laneId: 'lane-pains', stageId: 'stage-b' });
    expect(shiftCell(doc, a, 'left')).toEqual(a);
    expect(shiftCell(doc, a, 'up')).toEqual(a);
    expect(shiftCell(doc, a, 'down')).toEqual({ laneId: 'lane-front', stageId: 'stage-a' });
    expect(shiftCell(doc, a, 'right')).toEqual(b);
  });

  it('starts at the selected step, else the first citizen cell', () => {
    const doc = richDoc();
    expect(initialCaptureCell(doc, 'step-4')).toEqual({ laneId: 'lane-front', stageId: 'stage-b' });
    expect(initialCaptureCell(doc, null)).toEqual({ laneId: 'lane-citizen', stageId: 'stage-a' });
  });
});
