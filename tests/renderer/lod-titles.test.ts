/**
 * Titles on the blocks (renderer/canvas/lod.tsx): two lines at most, cut with an ellipsis, laid
 * out from remembered widths. Here every character is 10 px wide.
 */
import { describe, expect, it } from 'vitest';
import { wrapTitle } from '../../renderer/canvas/lod';

const measure = (text: string) => [...text].length * 10;

describe('wrapTitle', () => {
  it('keeps a title that fits on one line as it is', () => {
    expect(wrapTitle('Подать заявление', 200, measure)).toEqual(['Подать заявление']);
    expect(wrapTitle('  Подать   заявление ', 200, measure)).toEqual(['Подать заявление']);
  });

  it('breaks between words, and cuts what a second line cannot hold with an ellipsis', () => {
    expect(wrapTitle('Получить справку в поликлинике', 170, measure)).toEqual(['Получить справку', 'в поликлинике']);
    const cut = wrapTitle('Получить справку — шаг 12 с длинным названием', 170, measure);
    expect(cut).toHaveLength(2);
    expect(cut[0]).toBe('Получить справку');
    expect(cut[1]?.endsWith('…')).toBe(true);
    expect(measure(cut[1] as string)).toBeLessThanOrEqual(170);
    expect('— шаг 12 с длинным названием'.startsWith((cut[1] as string).slice(0, -1).trimEnd())).toBe(true);
  });

  it('cuts a word wider than the block, keeping at least one character', () => {
    expect(wrapTitle('Межведомственное', 80, measure)).toEqual(['Межведо…']);
    expect(wrapTitle('Межведомственное', 5, measure)).toEqual(['М…']);
  });

  it('gives nothing for an empty title', () => {
    expect(wrapTitle('   ', 100, measure)).toEqual([]);
  });
});

describe('wrapTitle on a block with room for one line', () => {
  it('cuts the first line instead of squeezing it', () => {
    expect(wrapTitle('Предъявить документы', 80, measure, 1)).toEqual(['Предъяв…']);
    expect(wrapTitle('Шаг 1', 80, measure, 1)).toEqual(['Шаг 1']);
  });
});
