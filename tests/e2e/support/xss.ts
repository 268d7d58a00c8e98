/**
 * A map with an XSS payload in every text field (titles, descriptions, names, sources, notes,
 * regulation links, ...), for the exports that must show it all as inert text: SVG and HTML.
 */
import type { JourneyMap } from '../../../shared/model';
import { loadTemplate } from '../../../templates';

export const XSS_PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '"><svg onload="window.__xss=3">',
  "'/><script>window.__xss=4</script>",
  ']]><script>window.__xss=5</script>',
  '</text></svg><iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
];

/** The sample map with a payload (plus a Cyrillic word) in every text field. */
export function hostileDocument(): JourneyMap {
  const doc: JourneyMap = loadTemplate('driving-licence-as-is');
  const p = (i: number) => `${XSS_PAYLOADS[i % XSS_PAYLOADS.length]} Шаг`;
  doc.meta.title = p(0);
  doc.meta.service = p(1);
  doc.meta.description = p(2);
  doc.meta.authors = [p(2)];
  doc.meta.modified = p(3);
  doc.personas.forEach((x, i) => {
    x.name = p(i + 4);
    x.description = p(i + 5);
    x.goals = [p(i)];
  });
  doc.agencies.forEach((x, i) => {
    x.name = p(i);
    x.shortName = p(i + 1).slice(0, 40);
  });
  doc.stages.forEach((x, i) => {
    x.title = p(i);
    x.description = p(i + 1);
  });
  doc.lanes.forEach((x, i) => (x.title = p(i + 2)));
  doc.steps.forEach((x, i) => {
    x.title = p(i);
    x.description = p(i + 3);
  });
  doc.flows.forEach((x, i) => (x.label = p(i)));
  doc.painPoints.forEach((x, i) => {
    x.title = p(i);
    x.description = p(i + 2);
    x.category = p(i + 4);
  });
  doc.opportunities.forEach((x, i) => {
    x.title = p(i + 1);
    x.description = p(i + 5);
  });
  doc.evidence.forEach((x, i) => {
    x.source = p(i);
    x.note = p(i + 1);
    x.date = p(i + 2).slice(0, 40);
  });
  doc.regulations.forEach((x, i) => {
    x.title = p(i);
    x.number = p(i + 1);
    x.article = p(i + 2);
    x.date = p(i + 3).slice(0, 40);
    x.url = i % 2 ? 'javascript:window.__xss=7' : `https://example.org/"><script>window.__xss=8</script>`;
  });
  doc.documents.forEach((x, i) => (x.name = p(i)));
  // Pain points reference regulations and evidence, so those show in details too.
  const regulation = doc.regulations[0];
  const evidence = doc.evidence[0];
  for (const pain of doc.painPoints) {
    if (regulation) pain.regulationIds = [regulation.id];
    if (evidence) pain.evidenceIds = [evidence.id];
  }
  for (const step of doc.steps) if (regulation) step.regulationIds = [regulation.id];
  return doc;
}
