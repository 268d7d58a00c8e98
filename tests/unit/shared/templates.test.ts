import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareScorecards,
  computeScorecard,
  handoffFlowIds,
  restoreDocument,
  restoreValue,
  serializeDocument,
  type JourneyMap,
  type Step,
} from '../../../shared/model';
import {
  createFromTemplate,
  getTemplate,
  isTemplateId,
  loadTemplate,
  readTemplateText,
  SAMPLE_TEMPLATE_ID,
  stampNew,
  TEMPLATE_IDS,
  TEMPLATES,
  templatePath,
} from '../../../templates';
import * as bundled from '../../../templates/sample';

/** Section ids of the handbook known to exist (handbook README). */
const HANDBOOK_SECTIONS = ['preface', '1', '2', '2.1', '3.2', '4', '5', '5.1', '7.1'];

describe('the template catalog', () => {
  it('lists the sample first, the journeys, the blueprint and blank, with titles and descriptions in both languages', () => {
    expect(TEMPLATE_IDS).toEqual([
      'driving-licence-as-is',
      'driving-licence-to-be',
      'foreign-passport-as-is',
      'child-birth-as-is',
      'blank-blueprint',
      'blank',
    ]);
    expect(new Set(TEMPLATE_IDS).size).toBe(TEMPLATE_IDS.length);
    for (const t of TEMPLATES) {
      for (const locale of ['ru', 'en'] as const) {
        expect(t.title[locale].trim()).not.toBe('');
        expect(t.description[locale].trim()).not.toBe('');
      }
    }
    expect(getTemplate('driving-licence-as-is').file).toBe('maps/driving-licence-as-is.cjm');
    for (const id of TEMPLATE_IDS.filter((x) => x !== 'blank')) expect(getTemplate(id).file).toBe(`maps/${id}.cjm`);
    expect(getTemplate('blank').file).toBeNull();
    expect(SAMPLE_TEMPLATE_ID).toBe('driving-licence-as-is');
  });

  it('isTemplateId knows the ids', () => {
    expect(isTemplateId('blank')).toBe(true);
    expect(isTemplateId('driving-licence-as-is')).toBe(true);
    expect(isTemplateId('driving-licence-to-be')).toBe(true);
    expect(isTemplateId('blank-blueprint')).toBe(true);
    for (const value of ['Blank', '', 'nope', 1, null]) expect(isTemplateId(value)).toBe(false);
  });
});

describe.each(TEMPLATE_IDS)('template %s', (id) => {
  it.each(['ru', 'en'] as const)('loads as a valid map (%s)', (locale) => {
    const doc = loadTemplate(id, locale);
    const again = restoreValue(JSON.parse(serializeDocument(doc)), locale);
    expect(again.ok ? [] : again.problems).toEqual([]);
  });

  it('is stored canonically: its file is exactly what serializeDocument writes', () => {
    const text = readTemplateText(id);
    if (text === null) return; // generated
    const restored = restoreDocument(text);
    expect(restored.ok).toBe(true);
    expect(restored.ok && serializeDocument(restored.doc)).toBe(text);
    expect(readFileSync(templatePath(id)!, 'utf8')).toBe(text);
  });

  it('is the same from the file system and from the bundle', () => {
    const now = new Date('2025-01-02T03:04:05Z');
    expect(bundled.templateText(id)).toBe(readTemplateText(id));
    expect(bundled.createFromTemplate(id, 'en', now)).toEqual(createFromTemplate(id, 'en', now));
  });

  it('makes a new map with fresh timestamps', () => {
    const now = new Date('2025-01-02T03:04:05Z');
    const doc = createFromTemplate(id, 'ru', now);
    expect(doc.meta.created).toBe('2025-01-02T03:04:05.000Z');
    expect(doc.meta.modified).toBe('2025-01-02T03:04:05.000Z');
  });
});

describe('blank', () => {
  it('follows the language', () => {
    expect(loadTemplate('blank', 'ru').meta.title).toBe('Новая карта пути');
    expect(loadTemplate('blank', 'en').meta.title).toBe('New journey map');
  });
});

describe('the driving-licence sample tells the handbook’s story', () => {
  const doc: JourneyMap = loadTemplate('driving-licence-as-is');
  const agency = (id: string) => doc.agencies.find((a) => a.id === id)!;
  const step = (id: string) => doc.steps.find((s) => s.id === id)!;
  const stepsOf = (agencyId: string) => doc.steps.filter((s) => s.agencyIds.includes(agencyId));
  const lane = (s: Step) => doc.lanes.find((l) => l.id === s.laneId)!;

  it('is the as-is Russian map of the national driving licence', () => {
    expect(doc.meta).toMatchObject({
      title: 'Получение водительского удостоверения (как есть)',
      service: 'Выдача российского национального водительского удостоверения',
      variant: 'as-is',
      language: 'ru',
    });
    expect(doc.personas).toHaveLength(1);
    expect(doc.personas[0]!.goals.length).toBeGreaterThan(0);
    expect(doc.meta.description).toMatch(/примерные/); // figures are labelled as illustrative
  });

  it('has about six stages and the blueprint lanes', () => {
    expect(doc.stages.length).toBeGreaterThanOrEqual(5);
    expect(doc.stages.length).toBeLessThanOrEqual(7);
    expect(doc.lanes.map((l) => l.kind)).toEqual(['citizen', 'emotions', 'touchpoint', 'frontstage', 'backstage', 'documents', 'pains']);
    for (const stage of doc.stages) expect(doc.steps.some((s) => s.stageId === stage.id), stage.id).toBe(true);
  });

  it('involves MVD, Minzdrav’s polyclinic and two dispensaries, the MFC and the portal', () => {
    const kinds = doc.agencies.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'medical')).toHaveLength(3);
    expect(kinds).toEqual(expect.arrayContaining(['federal', 'mfc', 'portal']));
    expect(agency('agency-narco').name).toMatch(/[Нн]аркологический диспансер/);
    expect(agency('agency-pnd').name).toMatch(/[Пп]сихоневрологический диспансер/);
    expect(agency('agency-mvd').name).toMatch(/Госавтоинспекция/);
    expect(new Set(doc.agencies.map((a) => a.color)).size).toBe(doc.agencies.length);
    for (const a of doc.agencies) expect(a.shortName).not.toBe('');
  });

  it('has 18–25 steps, each with an agency; citizen steps carry emotions', () => {
    expect(doc.steps.length).toBeGreaterThanOrEqual(18);
    expect(doc.steps.length).toBeLessThanOrEqual(25);
    for (const s of doc.steps) expect(s.agencyIds.length, s.id).toBeGreaterThan(0);
    const citizen = doc.steps.filter((s) => lane(s).kind === 'citizen');
    for (const s of citizen) expect(s.emotion, s.id).toBeDefined();
    for (const s of doc.steps.filter((x) => lane(x).kind !== 'citizen')) expect(s.emotion, s.id).toBeUndefined();
    expect(Math.min(...citizen.map((s) => s.emotion!))).toBe(-2);
    expect(Math.max(...citizen.map((s) => s.emotion!))).toBe(2);
  });

  it('visits a polyclinic, then two dispensaries, paying separately at each', () => {
    for (const id of ['agency-polyclinic', 'agency-narco', 'agency-pnd', 'agency-mfc', 'agency-mvd']) {
      expect(stepsOf(id).some((s) => s.inPerson), id).toBe(true);
    }
    const medicalPayments = doc.steps.filter((s) => (s.costRub ?? 0) > 0 && s.channel === 'medical');
    expect(new Set(medicalPayments.flatMap((s) => s.agencyIds))).toEqual(new Set(['agency-polyclinic', 'agency-narco', 'agency-pnd']));
    const receipts = medicalPayments.flatMap((s) => s.documentsOut);
    expect(new Set(receipts).size).toBe(3);
  });

  it('takes up to three days for the certificate, and reads plausibly in total', () => {
    const minutes = doc.steps.reduce((sum, s) => sum + (s.waitMinutes ?? 0) + (s.serviceMinutes ?? 0), 0);
    const cost = doc.steps.reduce((sum, s) => sum + (s.costRub ?? 0), 0);
    const medicalDays = doc.steps.filter((s) => s.stageId === 'stage-dispensaries').reduce((sum, s) => sum + (s.leadTimeDays ?? 0), 0);
    expect(medicalDays + 1).toBe(3); // day 1 plus two more
    expect(minutes).toBeGreaterThan(8 * 60);
    expect(minutes).toBeLessThan(20 * 60);
    expect(cost).toBeGreaterThan(2000);
  });

  it('makes the citizen a courier: Minzdrav’s certificate is needed by the MFC', () => {
    const producer = doc.steps.find((s) => s.documentsOut.includes('doc-medical-certificate'))!;
    const consumers = doc.steps.filter((s) => s.documentsIn.includes('doc-medical-certificate'));
    expect(producer.agencyIds).toEqual(['agency-polyclinic']);
    expect(consumers.some((s) => s.agencyIds.includes('agency-mfc'))).toBe(true);
    // the dispensaries' conclusions travel to the polyclinic the same way
    expect(step('step-return-polyclinic').documentsIn).toEqual(expect.arrayContaining(['doc-narco-conclusion', 'doc-pnd-conclusion']));
  });

  it('connects its steps with flows, handoffs between agencies and a rework loop', () => {
    const crossAgency = doc.flows.filter((f) => {
      const a = step(f.from).agencyIds;
      const b = step(f.to).agencyIds;
      return !a.some((x) => b.includes(x));
    });
    expect(crossAgency.length).toBeGreaterThanOrEqual(4);
    const handoffs = doc.flows.filter((f) => f.kind === 'handoff');
    expect(handoffs.length).toBeGreaterThanOrEqual(4);
    for (const f of handoffs) expect(f.label, f.id).not.toBe('');
    expect(doc.flows.some((f) => f.kind === 'rework')).toBe(true);
    const linked = new Set(doc.flows.flatMap((f) => [f.from, f.to]));
    const unlinked = doc.steps.filter((s) => !linked.has(s.id) && lane(s).kind !== 'documents');
    expect(unlinked.map((s) => s.id)).toEqual([]);
  });

  it('records the pains of the story, each with severity, cause, agencies, owner and a fix', () => {
    expect(doc.painPoints.length).toBeGreaterThanOrEqual(4);
    const titles = doc.painPoints.map((p) => p.title).join(' | ');
    expect(titles).toMatch(/чек/);
    expect(titles).toMatch(/четв[её]ртом этаже/);
    expect(titles).toMatch(/[Дд]ва диспансера/);
    expect(titles).toMatch(/курьер/);
    for (const p of doc.painPoints) {
      expect(p.cause, p.id).toBeDefined();
      expect(p.ownerAgencyId, p.id).toBeDefined();
      expect(p.agencyIds.length, p.id).toBeGreaterThan(0);
      expect(p.opportunityIds.length, p.id).toBeGreaterThan(0);
      for (const o of p.opportunityIds) expect(doc.opportunities.find((x) => x.id === o)!.painPointIds).toContain(p.id);
    }
  });

  it('mirrors the Belgorod fix in its opportunities', () => {
    const titles = doc.opportunities.map((o) => o.title).join(' | ');
    expect(titles).toMatch(/одной площадке/);
    expect(titles).toMatch(/[Оо]нлайн-запись/);
    expect(titles).toMatch(/одной кассе/);
    expect(titles).toMatch(/первый/);
  });

  it('cites the handbook as evidence and real regulations without invented links', () => {
    const belgorod = doc.evidence.find((e) => e.kind === 'document')!;
    expect(belgorod.note).toContain('Белгороде');
    expect(doc.evidence.some((e) => e.kind === 'mystery-shopping')).toBe(true);
    const numbers = doc.regulations.map((r) => r.number);
    expect(numbers).toEqual(expect.arrayContaining(['196-ФЗ', '1097']));
    expect(doc.regulations.find((r) => r.number === '1097')).toMatchObject({ date: '2014-10-24', kind: 'government-resolution' });
    expect(doc.regulations.find((r) => r.number === '196-ФЗ')).toMatchObject({ date: '1995-12-10', kind: 'federal-law' });
    for (const r of doc.regulations) expect(r.url).toBe('');
  });

  it('links only to handbook sections that exist', () => {
    const refs = [
      ...doc.meta.guidance,
      ...doc.stages.flatMap((s) => s.guidance),
      ...doc.steps.flatMap((s) => s.guidance),
      ...doc.painPoints.flatMap((p) => p.guidance),
      ...doc.opportunities.flatMap((o) => o.guidance),
    ];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.catalog).toBe('ranepa-cx');
      expect(HANDBOOK_SECTIONS).toContain(ref.section);
    }
  });

  it('uses readable ids', () => {
    for (const s of doc.stages) expect(s.id).toMatch(/^stage-[a-z-]+$/);
    for (const s of doc.steps) expect(s.id).toMatch(/^step-[a-z-]+$/);
  });
});

describe('the driving-licence as-is and to-be maps', () => {
  const asIs = loadTemplate('driving-licence-as-is');
  const toBe = loadTemplate('driving-licence-to-be');
  const change = compareScorecards(computeScorecard(asIs), computeScorecard(toBe));
  const laneKind = (doc: JourneyMap, s: Step) => doc.lanes.find((l) => l.id === s.laneId)!.kind;

  it('are counterparts of each other', () => {
    expect(asIs.meta).toMatchObject({ variant: 'as-is', counterpart: 'driving-licence-to-be.cjm' });
    expect(toBe.meta).toMatchObject({
      title: 'Получение водительского удостоверения (как будет)',
      service: asIs.meta.service,
      variant: 'to-be',
      counterpart: 'driving-licence-as-is.cjm',
      language: 'ru',
    });
    expect(toBe.meta.description).toMatch(/примерные/);
    for (const [file, id] of [
      [asIs.meta.counterpart, 'driving-licence-to-be'],
      [toBe.meta.counterpart, 'driving-licence-as-is'],
    ] as const) {
      expect(getTemplate(id).file).toBe(`maps/${file}`);
    }
  });

  it('keep the same stages, lanes, persona and agencies, so the two compare cell by cell', () => {
    expect(toBe.stages.map((s) => s.id)).toEqual(asIs.stages.map((s) => s.id));
    expect(toBe.lanes).toEqual(asIs.lanes);
    expect(toBe.personas).toEqual(asIs.personas);
    expect(toBe.agencies).toEqual(asIs.agencies);
    for (const stage of toBe.stages) expect(toBe.steps.some((s) => s.stageId === stage.id), stage.id).toBe(true);
  });

  it('show the improvement the handbook reports', () => {
    expect(change.visits.delta).toBeLessThan(0);
    expect(change.payments).toMatchObject({ asIs: 4, toBe: 2 }); // three medical receipts and the fee → one receipt and the fee
    expect(change.citizenCarriedDocuments.delta).toBeLessThan(0);
    expect(change.citizenMinutes.asIs).toBeGreaterThanOrEqual(3 * change.citizenMinutes.toBe); // «в несколько раз»
    expect(change.leadDays.delta).toBeLessThan(0);
    expect(change.painPoints.delta).toBeLessThan(0);
    expect(change.handoffs.delta).toBeLessThanOrEqual(0);
    expect(change.costRub.delta).toBe(0); // the project cut time, not prices
    const worst = (doc: JourneyMap) => Math.max(...doc.painPoints.map((p) => p.severity));
    expect(worst(toBe)).toBeLessThan(worst(asIs));
    expect(worst(toBe)).toBeLessThanOrEqual(2);
  });

  it('take one medical payment instead of three', () => {
    const medicalPayments = (doc: JourneyMap) => doc.steps.filter((s) => (s.costRub ?? 0) > 0 && s.channel === 'medical');
    expect(medicalPayments(asIs)).toHaveLength(3);
    const [one, ...rest] = medicalPayments(toBe);
    expect(rest).toEqual([]);
    expect(new Set(one!.agencyIds)).toEqual(new Set(['agency-polyclinic', 'agency-narco', 'agency-pnd']));
    const sum = (doc: JourneyMap) => medicalPayments(doc).reduce((t, s) => t + s.costRub!, 0);
    expect(sum(toBe)).toBe(sum(asIs));
  });

  it('get the certificate in one day instead of up to three', () => {
    const medicalDays = (doc: JourneyMap) =>
      1 +
      doc.steps
        .filter((s) => ['stage-polyclinic', 'stage-dispensaries'].includes(s.stageId))
        .reduce((sum, s) => sum + (s.leadTimeDays ?? 0), 0);
    expect(medicalDays(asIs)).toBe(3);
    expect(medicalDays(toBe)).toBe(1);
    const medicalVisits = (doc: JourneyMap) => doc.steps.filter((s) => s.inPerson && s.channel === 'medical').length;
    expect(medicalVisits(asIs)).toBe(4);
    expect(medicalVisits(toBe)).toBe(1);
  });

  it('send the medical certificate to the traffic police electronically: the citizen no longer carries it', () => {
    const needers = (doc: JourneyMap, documentId: string) => doc.steps.filter((s) => s.documentsIn.includes(documentId));
    expect(needers(asIs, 'doc-medical-certificate').some((s) => s.agencyIds.includes('agency-mfc'))).toBe(true);
    const toBeNeeders = needers(toBe, 'doc-medical-certificate');
    expect(toBeNeeders.map((s) => s.id)).toEqual(['step-certificate-sent']);
    expect(toBeNeeders[0]!.agencyIds).toEqual(['agency-polyclinic', 'agency-mvd']);
    expect(laneKind(toBe, toBeNeeders[0]!)).toBe('backstage');
    // the same document ids, so the comparison can tell what the citizen stopped carrying
    for (const id of ['doc-medical-certificate', 'doc-narco-conclusion', 'doc-pnd-conclusion', 'doc-fee-receipt']) {
      expect(toBe.documents.some((d) => d.id === id), id).toBe(true);
    }
    expect(toBe.steps.find((s) => s.title === 'Приём психиатра-нарколога')).toBeDefined();
    expect(toBe.steps.find((s) => s.title === 'Приём психиатра')).toBeDefined();
  });

  it('record the Belgorod measures as done and keep honest remaining pains with evidence', () => {
    const status = (id: string) => toBe.opportunities.find((o) => o.id === id)?.status;
    for (const id of ['opp-one-site', 'opp-online-booking', 'opp-one-cashier', 'opp-first-floor']) expect(status(id), id).toBe('done');
    expect(status('opp-certificate-exchange')).toBe('agreed');
    const belgorod = toBe.evidence.find((e) => e.id === 'ev-belgorod')!;
    expect(belgorod.kind).toBe('document');
    expect(belgorod.note).toContain('на одной площадке объединили услуги психоневрологического и наркологического диспансеров');
    expect(belgorod.note).toContain('в несколько раз');
    for (const p of toBe.painPoints) {
      expect(p.evidenceIds.length, p.id).toBeGreaterThan(0);
      expect(p.opportunityIds.length, p.id).toBeGreaterThan(0);
      for (const o of p.opportunityIds) expect(toBe.opportunities.find((x) => x.id === o)!.painPointIds).toContain(p.id);
    }
    for (const r of toBe.regulations) expect(r.url).toBe('');
  });

  it('give every pain point evidence in the as-is too', () => {
    for (const p of asIs.painPoints) expect(p.evidenceIds.length, p.id).toBeGreaterThan(0);
    expect(asIs.painPoints.find((p) => p.id === 'pain-two-dispensaries')!.regulationIds).toContain('reg-344n');
  });

  it('carry emotions on citizen steps only, and the to-be feels better', () => {
    for (const doc of [asIs, toBe]) {
      for (const s of doc.steps) {
        if (laneKind(doc, s) === 'citizen') expect(s.emotion, s.id).toBeDefined();
        else expect(s.emotion, s.id).toBeUndefined();
      }
    }
    const mean = (doc: JourneyMap) => {
      const values = doc.steps.filter((s) => s.emotion !== undefined).map((s) => s.emotion!);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(mean(toBe)).toBeGreaterThan(mean(asIs));
    expect(Math.min(...toBe.steps.filter((s) => s.emotion !== undefined).map((s) => s.emotion!))).toBeGreaterThanOrEqual(0);
  });

  it('link only to handbook sections that exist and use readable ids', () => {
    const refs = [
      ...toBe.meta.guidance,
      ...toBe.stages.flatMap((s) => s.guidance),
      ...toBe.steps.flatMap((s) => s.guidance),
      ...toBe.painPoints.flatMap((p) => p.guidance),
      ...toBe.opportunities.flatMap((o) => o.guidance),
    ];
    for (const ref of refs) expect(HANDBOOK_SECTIONS).toContain(ref.section);
    for (const s of toBe.steps) expect(s.id).toMatch(/^step-[a-z-]+$/);
  });
});

describe.each(['foreign-passport-as-is', 'child-birth-as-is'] as const)('the journey template %s', (id) => {
  const doc = loadTemplate(id);
  const laneKind = (s: Step) => doc.lanes.find((l) => l.id === s.laneId)!.kind;
  const scorecard = computeScorecard(doc);

  it('is a Russian as-is map with a persona and illustrative figures', () => {
    expect(doc.meta).toMatchObject({ variant: 'as-is', language: 'ru' });
    expect(doc.meta.title).toMatch(/\(как есть\)$/);
    expect(doc.meta.description).toMatch(/примерные/);
    expect(doc.personas).toHaveLength(1);
    expect(doc.personas[0]!.goals.length).toBeGreaterThan(0);
  });

  it('has 5–7 stages, the blueprint lanes and 15–25 steps, every stage used', () => {
    expect(doc.stages.length).toBeGreaterThanOrEqual(5);
    expect(doc.stages.length).toBeLessThanOrEqual(7);
    const kinds = doc.lanes.map((l) => l.kind);
    for (const kind of ['citizen', 'touchpoint', 'frontstage', 'backstage', 'support', 'pains'] as const) expect(kinds).toContain(kind);
    expect(doc.steps.length).toBeGreaterThanOrEqual(15);
    expect(doc.steps.length).toBeLessThanOrEqual(25);
    for (const stage of doc.stages) expect(doc.steps.some((s) => s.stageId === stage.id), stage.id).toBe(true);
  });

  it('gives every step an agency and every citizen step a channel and an emotion', () => {
    for (const s of doc.steps) expect(s.agencyIds.length, s.id).toBeGreaterThan(0);
    for (const s of doc.steps.filter((x) => laneKind(x) === 'citizen')) {
      expect(s.channel, s.id).toBeDefined();
      expect(s.emotion, s.id).toBeDefined();
    }
    for (const s of doc.steps.filter((x) => laneKind(x) !== 'citizen')) expect(s.emotion, s.id).toBeUndefined();
    expect(new Set(doc.agencies.map((a) => a.color)).size).toBe(doc.agencies.length);
  });

  it('involves several agencies, with handoffs between them', () => {
    expect(scorecard.agencies).toBeGreaterThanOrEqual(2);
    expect(scorecard.handoffs).toBeGreaterThanOrEqual(1);
    expect(scorecard.visits).toBeGreaterThanOrEqual(1);
    expect(scorecard.citizenMinutes).toBeGreaterThan(0);
    expect(scorecard.leadDays).toBeGreaterThan(0);
    const handoffs = handoffFlowIds(doc);
    for (const f of doc.flows.filter((x) => x.kind === 'handoff')) expect(f.label, f.id).not.toBe('');
    expect(doc.flows.some((f) => f.kind === 'handoff' && handoffs.has(f.id))).toBe(true);
    const linked = new Set(doc.flows.flatMap((f) => [f.from, f.to]));
    expect(doc.steps.filter((s) => !linked.has(s.id) && laneKind(s) !== 'documents').map((s) => s.id)).toEqual([]);
  });

  it('records 3–6 pain points, each with evidence, cause, owner and a fix', () => {
    expect(doc.painPoints.length).toBeGreaterThanOrEqual(3);
    expect(doc.painPoints.length).toBeLessThanOrEqual(6);
    expect(doc.opportunities.length).toBeGreaterThanOrEqual(2);
    expect(doc.opportunities.length).toBeLessThanOrEqual(4);
    for (const p of doc.painPoints) {
      expect(p.evidenceIds.length, p.id).toBeGreaterThan(0);
      expect(p.cause, p.id).toBeDefined();
      expect(p.ownerAgencyId, p.id).toBeDefined();
      expect(p.opportunityIds.length, p.id).toBeGreaterThan(0);
      for (const o of p.opportunityIds) expect(doc.opportunities.find((x) => x.id === o)!.painPointIds).toContain(p.id);
    }
  });

  it('labels illustrative evidence as such and invents no links', () => {
    for (const e of doc.evidence) {
      expect(`${e.source} ${e.note}`, e.id).toMatch(/[Оо]бразец/);
      expect(e.personalData).toBe(false);
    }
    for (const r of doc.regulations) expect(r.url, r.id).toBe('');
  });

  it('links only to handbook sections that exist and uses readable ids', () => {
    const refs = [
      ...doc.meta.guidance,
      ...doc.stages.flatMap((s) => s.guidance),
      ...doc.steps.flatMap((s) => s.guidance),
      ...doc.painPoints.flatMap((p) => p.guidance),
      ...doc.opportunities.flatMap((o) => o.guidance),
    ];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(HANDBOOK_SECTIONS).toContain(ref.section);
    for (const s of doc.stages) expect(s.id).toMatch(/^stage-[a-z-]+$/);
    for (const s of doc.steps) expect(s.id).toMatch(/^step-[a-z-]+$/);
  });
});

describe('the blank service blueprint', () => {
  const doc = loadTemplate('blank-blueprint');

  it('has four stages, the blueprint lanes in order, one persona and no steps', () => {
    expect(doc.stages.map((s) => s.title)).toEqual(['Этап 1', 'Этап 2', 'Этап 3', 'Этап 4']);
    expect(doc.lanes.map((l) => l.kind)).toEqual(['touchpoint', 'citizen', 'frontstage', 'backstage', 'support', 'emotions', 'pains']);
    expect(doc.personas).toHaveLength(1);
    expect(doc.steps).toEqual([]);
    expect(doc.flows).toEqual([]);
    expect(doc.painPoints).toEqual([]);
    expect(doc.agencies).toEqual([]);
    expect(computeScorecard(doc)).toMatchObject({ steps: 0, stages: 4, lanes: 7 });
  });
});

describe('stampNew', () => {
  it('returns a copy with new timestamps, leaving the original alone', () => {
    const doc = loadTemplate('driving-licence-as-is');
    const stamped = stampNew(doc, new Date('2030-01-01T00:00:00Z'));
    expect(stamped.meta.created).toBe('2030-01-01T00:00:00.000Z');
    expect(doc.meta.created).toBeUndefined();
    expect(stamped.steps).toBe(doc.steps);
  });
});
