import { describe, expect, it } from 'vitest';
import { CATALOG_FORMAT, GuidanceCatalogSchema, resolveRef, type GuidanceCatalog } from '../../../shared/guidance/catalog';
import { RULE_IDS, RULES, ruleLabel, runHealthCheck, type Finding, type RuleId } from '../../../shared/health';
import type { Locale } from '../../../shared/i18n';
import { createEmptyDocument, type JourneyMap, type JourneyMapInput } from '../../../shared/model';
import { loadTemplate } from '../../../templates';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';
import { deepFreeze, parseDoc } from './fixtures';

/**
 * A small map that passes every rule: a persona, evidence, emotions and times, two agencies with
 * one handoff and one citizen-carried document, both examined by a severe pain point that has an
 * owner, evidence and an opportunity. Each test breaks one thing.
 */
const clean = (): JourneyMapInput & Required<Pick<JourneyMapInput, 'steps' | 'painPoints' | 'opportunities' | 'evidence' | 'lanes' | 'stages' | 'flows' | 'documents' | 'personas'>> => ({
  format: 'marshrut/journey-map',
  version: 2,
  meta: { title: 'Справка для прав', variant: 'as-is', counterpart: 'to-be.cjm', guidance: [{ catalog: 'ranepa-cx', section: '7.1' }] },
  personas: [{ id: 'persona-1', name: 'Анна' }],
  agencies: [
    { id: 'agency-clinic', name: 'Поликлиника', shortName: 'ГП' },
    { id: 'agency-mvd', name: 'МВД — Госавтоинспекция', shortName: 'ГАИ' },
  ],
  stages: [
    { id: 'stage-1', title: 'Медкомиссия' },
    { id: 'stage-2', title: 'Заявление' },
  ],
  lanes: [
    { id: 'lane-citizen', title: 'Гражданин', kind: 'citizen' },
    { id: 'lane-front', title: 'Видимая часть', kind: 'frontstage' },
    { id: 'lane-pains', title: 'Боли', kind: 'pains' },
  ],
  documents: [{ id: 'doc-cert', name: 'Медицинская справка', issuerAgencyId: 'agency-clinic' }],
  evidence: [{ id: 'ev-1', kind: 'interview', source: 'Интервью с заявителями' }],
  steps: [
    {
      id: 'step-1',
      laneId: 'lane-citizen',
      stageId: 'stage-1',
      title: 'Получить справку',
      agencyIds: ['agency-clinic'],
      waitMinutes: 60,
      serviceMinutes: 20,
      emotion: -2,
      documentsOut: ['doc-cert'],
      evidenceIds: ['ev-1'],
    },
    {
      id: 'step-2',
      laneId: 'lane-citizen',
      stageId: 'stage-2',
      title: 'Подать заявление',
      agencyIds: ['agency-mvd'],
      waitMinutes: 10,
      serviceMinutes: 10,
      emotion: 1,
      documentsIn: ['doc-cert'],
    },
    { id: 'step-3', laneId: 'lane-front', stageId: 'stage-2', title: 'Принять заявление', agencyIds: ['agency-mvd'] },
  ],
  flows: [
    { id: 'flow-1', from: 'step-1', to: 'step-2' },
    { id: 'flow-2', from: 'step-2', to: 'step-3' },
  ],
  painPoints: [
    {
      id: 'pain-1',
      stepId: 'step-1',
      title: 'Три кассы и три чека',
      severity: 4,
      ownerAgencyId: 'agency-clinic',
      evidenceIds: ['ev-1'],
      opportunityIds: ['opp-1'],
    },
  ],
  opportunities: [{ id: 'opp-1', title: 'Одна касса', painPointIds: ['pain-1'] }],
});
type Input = ReturnType<typeof clean>;

const check = (input: JourneyMapInput | JourneyMap, locale: Locale = 'ru', catalogs: readonly GuidanceCatalog[] = BUILT_IN_CATALOGS) =>
  runHealthCheck(deepFreeze(parseDoc(input)), { locale, catalogs });
const variant = (change: (input: Input) => void): Input => {
  const input = clean();
  change(input);
  return input;
};
const rulesOf = (findings: Finding[]) => findings.map((f) => f.rule);
const only = (findings: Finding[], rule: RuleId) => findings.filter((f) => f.rule === rule);
const pain = (input: Input) => input.painPoints[0] as NonNullable<Input['painPoints'][number]>;
const step = (input: Input, id: string) => input.steps.find((s) => s.id === id) as NonNullable<Input['steps'][number]>;

describe('the clean map', () => {
  it('has no findings', () => {
    expect(check(clean())).toEqual([]);
    expect(check(clean(), 'en')).toEqual([]);
  });

  it('a new blank map has nothing to report either', () => {
    expect(runHealthCheck(createEmptyDocument('ru'), { locale: 'ru', catalogs: BUILT_IN_CATALOGS })).toEqual([]);
  });
});

describe('RULES', () => {
  it('lists every rule once, in kebab-case, with the severities of the brief', () => {
    expect(RULE_IDS).toEqual(RULES.map((r) => r.id));
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    for (const id of RULE_IDS) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(Object.fromEntries(RULES.map((r) => [r.id, r.severity]))).toEqual({
      'severe-pain-without-opportunity': 'problem',
      'severe-pain-without-owner': 'problem',
      'no-persona': 'warning',
      'no-evidence': 'warning',
      'pain-without-evidence': 'warning',
      'step-without-agency': 'warning',
      'unexamined-handoff': 'warning',
      'unexamined-carried-document': 'warning',
      'personal-data-evidence': 'warning',
      'stage-without-citizen-step': 'info',
      'as-is-without-to-be': 'info',
      'no-emotion': 'info',
      'missing-time-data': 'info',
      'missing-catalog': 'info',
      'unknown-section': 'info',
    });
  });

  it('points only to sections the built-in catalogs have', () => {
    for (const rule of RULES) for (const ref of rule.guidance) expect(resolveRef(BUILT_IN_CATALOGS, ref).section, `${rule.id} → ${ref.section}`).toBeDefined();
    const guidance = (id: RuleId) => RULES.find((r) => r.id === id)?.guidance.map((g) => g.section);
    expect(guidance('pain-without-evidence')).toEqual(['7.1']);
    expect(guidance('unexamined-handoff')).toEqual(['1.horizontal', '3.2']);
    expect(guidance('step-without-agency')).toEqual(expect.arrayContaining(['2.1', '3.2']));
  });

  it('has a label in both languages', () => {
    for (const id of RULE_IDS) {
      expect(ruleLabel(id, 'ru')).toMatch(/[а-я]/);
      expect(ruleLabel(id, 'en')).toMatch(/^[A-Z]/);
      expect(ruleLabel(id, 'en')).not.toContain('health.');
    }
  });
});

describe('each rule', () => {
  it('severe-pain-without-opportunity: a pain of severity ≥ 4 linked to no opportunity, from either side', () => {
    const unlinked = variant((m) => {
      pain(m).opportunityIds = [];
      m.opportunities = [];
    });
    const findings = check(unlinked);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'severe-pain-without-opportunity',
      severity: 'problem',
      message: 'Серьёзная боль «Три кассы и три чека» (серьёзность 4 из 5) не связана ни с одной возможностью: предложите, как её устранить.',
      elements: [{ kind: 'painPoint', id: 'pain-1' }],
    });
    // linked only from the opportunity's side, or only from the pain's side: fine
    expect(check(variant((m) => (pain(m).opportunityIds = [])))).toEqual([]);
    expect(check(variant((m) => ((m.opportunities[0] as { painPointIds: string[] }).painPointIds = [])))).toEqual([]);
    // severity 3 is not severe
    expect(check(variant((m) => {
      pain(m).opportunityIds = [];
      m.opportunities = [];
      pain(m).severity = 3;
    }))).toEqual([]);
  });

  it('severe-pain-without-owner: a pain of severity ≥ 4 without an owner agency', () => {
    const findings = check(variant((m) => delete pain(m).ownerAgencyId));
    expect(rulesOf(findings)).toEqual(['severe-pain-without-owner']);
    expect(findings[0]?.severity).toBe('problem');
    expect(findings[0]?.message).toBe('У серьёзной боли «Три кассы и три чека» (серьёзность 4 из 5) нет ведомства-владельца: определите, кто отвечает за её устранение.');
    expect(findings[0]?.guidance.map((g) => g.section)).toEqual(['1.kpi', '3.2']);
    expect(check(variant((m) => {
      delete pain(m).ownerAgencyId;
      pain(m).severity = 2;
    }))).toEqual([]);
  });

  it('pain-without-evidence: one finding per pain point with no evidence', () => {
    const findings = check(variant((m) => {
      pain(m).evidenceIds = [];
      m.painPoints.push({ id: 'pain-2', stepId: 'step-1', title: 'Очередь', severity: 2 });
    }));
    expect(rulesOf(findings)).toEqual(['pain-without-evidence', 'pain-without-evidence']);
    expect(findings.map((f) => f.elements)).toEqual([[{ kind: 'painPoint', id: 'pain-1' }], [{ kind: 'painPoint', id: 'pain-2' }]]);
    expect(findings[0]?.message).toBe('Боль «Три кассы и три чека» не подкреплена свидетельствами: добавьте интервью, наблюдение, жалобы или статистику.');
    expect(findings[0]?.severity).toBe('warning');
    // evidence on the step does not back the pain point itself; evidence on the pain does
    expect(check(clean())).toEqual([]);
  });

  it('no-evidence: a map with content and no evidence at all (once, for the map)', () => {
    const findings = check(variant((m) => {
      m.evidence = [];
      pain(m).evidenceIds = [];
      step(m, 'step-1').evidenceIds = [];
    }));
    expect(rulesOf(findings)).toEqual(['no-evidence', 'pain-without-evidence']);
    expect(findings[0]).toMatchObject({ severity: 'warning', elements: [{ kind: 'map', id: '' }] });
    // evidence in the registry, even uncited, is evidence; a map with nothing in it is not checked
    expect(rulesOf(check(variant((m) => (step(m, 'step-1').evidenceIds = []))))).toEqual([]);
    expect(check(variant((m) => {
      m.evidence = [];
      m.steps = [];
      m.flows = [];
      m.painPoints = [];
      m.opportunities = [];
    }))).toEqual([]);
  });

  it('step-without-agency: a step that belongs to no agency, except thoughts, emotions, pains and opportunities', () => {
    const findings = check(variant((m) => (step(m, 'step-3').agencyIds = [])));
    expect(rulesOf(findings)).toEqual(['step-without-agency']);
    expect(findings[0]).toMatchObject({ severity: 'warning', message: 'Шаг «Принять заявление» не отнесён ни к одному ведомству.', elements: [{ kind: 'step', id: 'step-3' }] });
    const thoughts = variant((m) => {
      m.lanes.push({ id: 'lane-thoughts', title: 'Мысли', kind: 'thoughts' });
      m.steps.push({ id: 'step-4', laneId: 'lane-thoughts', stageId: 'stage-1', title: 'Куда идти?' });
    });
    expect(check(thoughts)).toEqual([]);
  });

  it('stage-without-citizen-step: a stage with no step in a citizen lane, only when the map has a citizen lane', () => {
    const extraStage = variant((m) => {
      m.stages.push({ id: 'stage-3', title: 'Экзамены' });
      m.steps.push({ id: 'step-4', laneId: 'lane-front', stageId: 'stage-3', title: 'Экзамен', agencyIds: ['agency-mvd'] });
    });
    const findings = check(extraStage);
    expect(rulesOf(findings)).toEqual(['stage-without-citizen-step']);
    expect(findings[0]).toMatchObject({ severity: 'info', message: 'На этапе «Экзамены» нет ни одного действия гражданина.', elements: [{ kind: 'stage', id: 'stage-3' }] });
    const noCitizenLane = variant((m) => {
      m.stages.push({ id: 'stage-3', title: 'Экзамены' });
      (m.lanes[0] as { kind: string }).kind = 'touchpoint';
    });
    expect(rulesOf(check(noCitizenLane))).not.toContain('stage-without-citizen-step');
  });

  it('no-persona: a map for nobody', () => {
    const findings = check(variant((m) => (m.personas = [])));
    expect(findings).toEqual([
      {
        rule: 'no-persona',
        severity: 'warning',
        message: 'У карты нет персоны: непонятно, чей путь она описывает.',
        elements: [{ kind: 'map', id: '' }],
        guidance: [{ catalog: 'ranepa-cx', section: '2.1', title: 'Основные понятия и этапы развития', url: 'https://cx.cdto.ranepa.ru/2-1-osnovnyeatributy-klientocentrichnogo-podhoda' }],
      },
    ]);
  });

  it('unexamined-handoff: a flow between agencies with no pain point on either step', () => {
    const moved = variant((m) => (pain(m).stepId = 'step-3'));
    const findings = only(check(moved), 'unexamined-handoff');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      message: 'Передача «Получить справку» → «Подать заявление» между ведомствами (ГП → ГАИ) не разобрана: ни на одном из этих шагов не отмечено болей.',
      elements: [
        { kind: 'flow', id: 'flow-1' },
        { kind: 'step', id: 'step-1' },
        { kind: 'step', id: 'step-2' },
      ],
    });
    expect(findings[0]?.guidance.map((g) => g.section)).toEqual(['1.horizontal', '3.2']);
    // a pain on the receiving step examines it too; a flow within one agency (flow-2) is no handoff
    expect(only(check(variant((m) => (pain(m).stepId = 'step-2'))), 'unexamined-handoff')).toEqual([]);
    // a step without an agency makes no handoff
    expect(only(check(variant((m) => {
      pain(m).stepId = 'step-3';
      step(m, 'step-2').agencyIds = [];
    })), 'unexamined-handoff')).toEqual([]);
  });

  it('unexamined-carried-document: a document the citizen carries between agencies, with no pain where it is issued or needed', () => {
    const moved = variant((m) => (pain(m).stepId = 'step-3'));
    const findings = only(check(moved), 'unexamined-carried-document');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      message: 'Документ «Медицинская справка» гражданин сам несёт из одного ведомства в другое, но ни на одном шаге, где его выдают или требуют, не отмечено болей.',
      elements: [
        { kind: 'document', id: 'doc-cert' },
        { kind: 'step', id: 'step-1' },
        { kind: 'step', id: 'step-2' },
      ],
    });
    expect(only(check(variant((m) => (pain(m).stepId = 'step-2'))), 'unexamined-carried-document')).toEqual([]);
    // produced and needed within one agency: not carried between agencies
    const sameAgency = variant((m) => {
      pain(m).stepId = 'step-3';
      step(m, 'step-2').agencyIds = ['agency-clinic'];
    });
    expect(only(check(sameAgency), 'unexamined-carried-document')).toEqual([]);
  });

  it('personal-data-evidence: evidence with personal data, with the elements that cite it', () => {
    const findings = check(variant((m) => ((m.evidence[0] as { personalData?: boolean }).personalData = true)));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'personal-data-evidence',
      severity: 'warning',
      message:
        'Свидетельство «Интервью с заявителями» содержит персональные данные (152-ФЗ): обезличьте его, прежде чем экспортировать карту или отправлять её в другое ведомство.',
      elements: [
        { kind: 'evidence', id: 'ev-1' },
        { kind: 'step', id: 'step-1' },
        { kind: 'painPoint', id: 'pain-1' },
      ],
      guidance: [],
    });
    // Without a source it is named by kind and id, never by its note (the personal data itself).
    const unnamed = check(variant((m) => (m.evidence[0] = { id: 'ev-1', kind: 'survey', personalData: true, note: 'Иванов Иван, паспорт 1234 567890' })), 'en');
    expect(unnamed[0]?.message).not.toContain('Иванов');
    expect(unnamed[0]?.message).toBe(
      'The evidence “Survey (ev-1)” contains personal data (152-FZ): anonymise it before exporting the map or sending it to another agency.',
    );
  });

  it('as-is-without-to-be: an as-is map that names no counterpart', () => {
    const findings = check(variant((m) => delete m.meta.counterpart));
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'as-is-without-to-be', severity: 'info', elements: [{ kind: 'map', id: '' }] }),
    ]);
    expect(findings[0]?.guidance[0]).toEqual({
      catalog: 'ranepa-cx',
      section: '5.1',
      title: 'Этапы проектирования клиентоцентричного продукта',
      url: 'https://cx.cdto.ranepa.ru/5-1-ehtapy-proektirovaniya-klientocentrichnogo-produkta',
    });
    expect(check(variant((m) => (m.meta.counterpart = '   ')))).toHaveLength(1);
    expect(check(variant((m) => {
      delete m.meta.counterpart;
      m.meta.variant = 'to-be';
    }))).toEqual([]);
  });

  it('no-emotion: steps, but none with an emotion', () => {
    const findings = check(variant((m) => m.steps.forEach((s) => delete s.emotion)));
    expect(rulesOf(findings)).toEqual(['no-emotion']);
    expect(findings[0]).toMatchObject({ severity: 'info', elements: [{ kind: 'map', id: '' }] });
    expect(check(variant((m) => delete step(m, 'step-1').emotion))).toEqual([]);
  });

  it('missing-time-data: citizen steps without minutes when others have them, in one finding', () => {
    const findings = check(variant((m) => {
      delete step(m, 'step-2').waitMinutes;
      delete step(m, 'step-2').serviceMinutes;
    }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'missing-time-data',
      severity: 'info',
      message: 'Время ожидания и обслуживания указано не на всех шагах гражданина, поэтому общее время гражданина в показателях занижено. Время не указано на шагах: «Подать заявление».',
      elements: [{ kind: 'step', id: 'step-2' }],
    });
    // zero is a time; a service time alone is a time; other lanes do not count
    expect(check(variant((m) => {
      step(m, 'step-2').waitMinutes = 0;
      delete step(m, 'step-2').serviceMinutes;
    }))).toEqual([]);
    // no times anywhere: nothing to compare with
    expect(check(variant((m) => m.steps.forEach((s) => {
      delete s.waitMinutes;
      delete s.serviceMinutes;
    })))).toEqual([]);
  });

  it('missing-time-data names five steps and counts the rest', () => {
    const many = variant((m) => {
      for (let i = 1; i <= 7; i++) m.steps.push({ id: `step-x${i}`, laneId: 'lane-citizen', stageId: 'stage-2', title: `Шаг ${i}`, agencyIds: ['agency-mvd'] });
    });
    const [ru] = check(many);
    expect(ru?.message).toMatch(/Время не указано на шагах: «Шаг 1», «Шаг 2», «Шаг 3», «Шаг 4», «Шаг 5» и ещё 2\.$/);
    expect(ru?.elements).toHaveLength(7);
    expect(check(many, 'en')[0]?.message).toMatch(/No time on: “Шаг 1”, “Шаг 2”, “Шаг 3”, “Шаг 4”, “Шаг 5” and 2 more\.$/);
  });

  it('missing-catalog: names a catalog the app lacks, with the elements that link to it', () => {
    const input = variant((m) => {
      m.meta.guidance = [...(m.meta.guidance ?? []), { catalog: 'regional-guide', section: '2' }];
      step(m, 'step-3').guidance = [{ catalog: 'regional-guide', section: '4' }];
    });
    const findings = check(input);
    expect(findings).toEqual([
      {
        rule: 'missing-catalog',
        severity: 'info',
        message:
          'Карта ссылается на справочник «regional-guide», которого нет в программе. С картой всё в порядке и ссылки сохранятся, но открыть эти разделы не получится, пока справочник не добавлен.',
        elements: [
          { kind: 'map', id: '' },
          { kind: 'step', id: 'step-3' },
        ],
        guidance: [],
      },
    ]);
    // without the built-in catalogs, the handbook itself is the missing one
    const bare = check(clean(), 'en', []);
    expect(bare.map((f) => [f.rule, f.message])).toEqual([
      [
        'missing-catalog',
        'The map links to the guidance catalog “ranepa-cx”, which this app does not have. The map is fine and the links are kept, but those sections cannot be opened until the catalog is added.',
      ],
    ]);
  });

  it('unknown-section: a link to a section its catalog does not have, per element', () => {
    const input = variant((m) => {
      step(m, 'step-1').guidance = [
        { catalog: 'ranepa-cx', section: '3.1' },
        { catalog: 'ranepa-cx', section: '3.1' },
      ];
      pain(m).guidance = [{ catalog: 'ranepa-cx', section: '6' }];
      m.meta.guidance = [{ catalog: 'gov-frame', section: 'decree-999' }];
    });
    const findings = check(input);
    expect(rulesOf(findings)).toEqual(['unknown-section', 'unknown-section', 'unknown-section']);
    expect(findings.map((f) => f.message)).toEqual([
      'Карта ссылается на раздел «decree-999» справочника «gov-frame», но такого раздела в справочнике нет.',
      'Шаг «Получить справку» ссылается на раздел «3.1» справочника «ranepa-cx», но такого раздела в справочнике нет.',
      'Боль «Три кассы и три чека» ссылается на раздел «6» справочника «ranepa-cx», но такого раздела в справочнике нет.',
    ]);
    expect(findings.map((f) => f.elements)).toEqual([[{ kind: 'map', id: '' }], [{ kind: 'step', id: 'step-1' }], [{ kind: 'painPoint', id: 'pain-1' }]]);
    expect(check(input, 'en')[1]?.message).toBe('The step “Получить справку” links to section “3.1” of the catalog “ranepa-cx”, which the catalog does not have.');
    // a catalog the app lacks is missing-catalog's business, not this rule's
    expect(rulesOf(check(input, 'ru', []))).toEqual(['missing-catalog', 'missing-catalog']);
  });
});

/** A map that breaks every rule at once. */
const everything = () =>
  variant((m) => {
    m.personas = [];
    m.evidence = [{ id: 'ev-pd', kind: 'interview', personalData: true }];
    step(m, 'step-1').evidenceIds = [];
    pain(m).evidenceIds = [];
    delete pain(m).ownerAgencyId;
    pain(m).opportunityIds = [];
    m.opportunities = [];
    pain(m).stepId = 'step-3';
    step(m, 'step-3').agencyIds = [];
    step(m, 'step-3').evidenceIds = ['ev-pd'];
    m.stages.push({ id: 'stage-3', title: 'Пусто' });
    delete m.meta.counterpart;
    m.steps.forEach((s) => delete s.emotion);
    delete step(m, 'step-2').waitMinutes;
    delete step(m, 'step-2').serviceMinutes;
    m.meta.guidance = [
      { catalog: 'other', section: '1' },
      { catalog: 'ranepa-cx', section: '9.9' },
    ];
  });

describe('all findings', () => {
  it('a map that breaks everything triggers every rule, except no-evidence (it has evidence)', () => {
    const findings = check(everything());
    expect(new Set(rulesOf(findings))).toEqual(new Set(RULE_IDS.filter((id) => id !== 'no-evidence')));
    const noEvidence = check(variant((m) => {
      m.evidence = [];
      pain(m).evidenceIds = [];
      step(m, 'step-1').evidenceIds = [];
    }));
    expect(rulesOf(noEvidence)).toContain('no-evidence');
  });

  it('are sorted problem → warning → info, stably: rule order, then document order', () => {
    const input = everything();
    input.painPoints.push({ id: 'pain-0', stepId: 'step-2', title: 'Вторая', severity: 5 });
    const findings = check(input);
    const rank = { problem: 0, warning: 1, info: 2 } as const;
    for (let i = 1; i < findings.length; i++) {
      expect(rank[(findings[i - 1] as Finding).severity]).toBeLessThanOrEqual(rank[(findings[i] as Finding).severity]);
    }
    expect(findings.slice(0, 4).map((f) => [f.rule, f.elements[0]?.id])).toEqual([
      ['severe-pain-without-opportunity', 'pain-1'],
      ['severe-pain-without-opportunity', 'pain-0'],
      ['severe-pain-without-owner', 'pain-1'],
      ['severe-pain-without-owner', 'pain-0'],
    ]);
    const order = RULE_IDS;
    const positions = findings.map((f) => order.indexOf(f.rule));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('speak the language asked for, with every placeholder filled', () => {
    for (const locale of ['ru', 'en'] as const) {
      for (const finding of check(everything(), locale)) {
        expect(finding.message, finding.rule).not.toMatch(/\{\{|\}\}|^health\./);
        if (locale === 'ru') expect(finding.message, finding.rule).toMatch(/[а-я]/);
        else expect(finding.message.replace(/“[^”]*”|\([^)]*\)/g, ''), finding.rule).not.toMatch(/[а-яё]/i);
      }
    }
    const en = check(variant((m) => (m.personas = [])), 'en');
    expect(en[0]?.message).toBe('The map has no persona: it is not clear whose journey it describes.');
    expect(en[0]?.guidance[0]?.title).toBe('Core concepts and history');
  });

  it('resolve guidance: the section’s own URL, else the catalog’s root; title and URL only when the app has them', () => {
    const input = variant((m) => (pain(m).evidenceIds = []));
    expect(check(input)[0]?.guidance).toEqual([{ catalog: 'ranepa-cx', section: '7.1', title: 'Шаг 1. Осознать текущую ситуацию', url: 'https://cx.cdto.ranepa.ru' }]);
    expect(check(input, 'ru', [])[0]?.guidance).toEqual([{ catalog: 'ranepa-cx', section: '7.1' }]);
    const corrected = GuidanceCatalogSchema.parse({
      format: CATALOG_FORMAT,
      version: 1,
      id: 'ranepa-cx',
      title: { ru: 'Навигатор' },
      baseUrl: 'https://example.org',
      languages: ['ru'],
      sections: [{ id: '7.1', title: { en: 'Step one' }, url: 'https://example.org/7-1', urlConfirmed: true }],
    });
    expect(check(input, 'ru', [corrected])[0]?.guidance).toEqual([{ catalog: 'ranepa-cx', section: '7.1', title: 'Step one', url: 'https://example.org/7-1' }]);
    const withoutSection = { ...corrected, sections: [{ id: '1', title: { ru: 'Глава' }, summary: {}, urlConfirmed: false }] };
    expect(check(input, 'ru', [withoutSection])[0]?.guidance).toEqual([{ catalog: 'ranepa-cx', section: '7.1', url: 'https://example.org' }]);
  });

  it('do not change the map, and stay quick on a large one', () => {
    const big = clean();
    for (let i = 0; i < 3000; i++) {
      big.steps.push({ id: `s${i}`, laneId: 'lane-citizen', stageId: 'stage-1', title: `Шаг ${i}`, agencyIds: [i % 2 ? 'agency-mvd' : 'agency-clinic'], documentsIn: ['doc-cert'], evidenceIds: ['ev-1'] });
      if (i > 0) big.flows.push({ id: `f${i}`, from: `s${i - 1}`, to: `s${i}` });
    }
    const started = performance.now();
    const findings = check(big); // deep-frozen inside: a mutation would throw
    expect(performance.now() - started).toBeLessThan(5000);
    expect(only(findings, 'unexamined-handoff')).toHaveLength(2999);
    expect(only(findings, 'missing-time-data')[0]?.elements).toHaveLength(3000);
  });
});

describe('the bundled templates', () => {
  const summary = (findings: Finding[]) => {
    const counts: Record<string, number> = {};
    for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
    return counts;
  };

  it('driving licence, as-is: unexamined handoffs and carried conclusions, no problems', () => {
    const findings = runHealthCheck(loadTemplate('driving-licence-as-is'), { locale: 'ru', catalogs: BUILT_IN_CATALOGS });
    expect(summary(findings)).toEqual({ 'unexamined-handoff': 4, 'unexamined-carried-document': 2 });
    expect(only(findings, 'unexamined-carried-document').map((f) => f.elements[0]?.id)).toEqual(['doc-narco-conclusion', 'doc-pnd-conclusion']);
    expect(findings.some((f) => f.severity === 'problem')).toBe(false);
  });

  it('driving licence, to-be: cleaner than the as-is', () => {
    const asIs = runHealthCheck(loadTemplate('driving-licence-as-is'), { locale: 'ru', catalogs: BUILT_IN_CATALOGS });
    const toBe = runHealthCheck(loadTemplate('driving-licence-to-be'), { locale: 'ru', catalogs: BUILT_IN_CATALOGS });
    expect(summary(toBe)).toEqual({ 'unexamined-handoff': 3 });
    expect(toBe.length).toBeLessThan(asIs.length);
    expect(toBe.filter((f) => f.severity !== 'info').length).toBeLessThan(asIs.filter((f) => f.severity !== 'info').length);
  });

  it('every template is checked without a problem-level finding or a missing catalog', () => {
    for (const id of ['foreign-passport-as-is', 'child-birth-as-is', 'blank-blueprint', 'blank'] as const) {
      const findings = runHealthCheck(loadTemplate(id), { locale: 'en', catalogs: BUILT_IN_CATALOGS });
      expect(findings.filter((f) => f.severity === 'problem' || f.rule === 'missing-catalog' || f.rule === 'unknown-section'), id).toEqual([]);
    }
  });
});
