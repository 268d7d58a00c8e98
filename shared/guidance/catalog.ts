/**
 * Guidance catalogs: the handbook (and other guidance) as sections a map can link to. A catalog
 * is a data file (templates/guidance/*.json, or one the user adds); a map stores only
 * references (catalog id + section id), so a catalog can be corrected without touching maps.
 */
import { z } from 'zod';
import type { Locale } from '../i18n';
import { IdSchema, type GuidanceRef, type JourneyMap } from '../model';

export const CATALOG_FORMAT = 'marshrut/guidance-catalog' as const;

const text = (max: number) => z.string().max(max);
/**
 * A web link: http or https only. A catalog may come from any file, and its links are opened
 * outside the app, so `javascript:`, `file:`, `smb:` and the like are refused.
 */
const webUrl = () => z.url({ protocol: /^https?$/ }).max(2000);
const Localized = (max: number) => z.object({ ru: text(max).optional(), en: text(max).optional() });

export const GuidanceSectionSchema = z.object({
  /** The handbook's own numbering ("7.1"), or a readable id for a named part ("1.horizontal"). */
  id: z.string().min(1).max(64),
  title: Localized(300).refine((t) => !!(t.ru || t.en), { message: 'a section needs a title in at least one language' }),
  summary: Localized(4000).default({}),
  /** The section's own page, when known. */
  url: webUrl().optional(),
  /** Whether `url` was checked to open this very section (false: a guess, or the catalog's root). */
  urlConfirmed: z.boolean().default(false),
});

export const GuidanceCatalogSchema = z
  .object({
    format: z.literal(CATALOG_FORMAT),
    version: z.literal(1),
    id: IdSchema,
    title: Localized(300).refine((t) => !!(t.ru || t.en), { message: 'a catalog needs a title' }),
    description: Localized(4000).default({}),
    /** Where the guidance lives; sections without a URL of their own link here. */
    baseUrl: webUrl(),
    languages: z.array(z.enum(['ru', 'en'])).min(1),
    sections: z.array(GuidanceSectionSchema).min(1).max(2000),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.sections.forEach((section, i) => {
      if (seen.has(section.id)) ctx.addIssue({ code: 'custom', path: ['sections', i, 'id'], message: `duplicate section id “${section.id}”` });
      seen.add(section.id);
    });
  });

export type GuidanceSection = z.output<typeof GuidanceSectionSchema>;
export type GuidanceCatalog = z.output<typeof GuidanceCatalogSchema>;

/** A section's text in the wanted language, falling back to the other. */
export const localized = (value: { ru?: string | undefined; en?: string | undefined }, locale: Locale): string =>
  (locale === 'en' ? value.en || value.ru : value.ru || value.en) ?? '';

/** The URL to open for a section: its own, else the catalog's root. */
export const sectionUrl = (catalog: GuidanceCatalog, section: GuidanceSection): string => section.url ?? catalog.baseUrl;

export interface ResolvedRef {
  ref: GuidanceRef;
  catalog?: GuidanceCatalog;
  section?: GuidanceSection;
}

/** Looks a reference up in the catalogs the app has. */
export function resolveRef(catalogs: readonly GuidanceCatalog[], ref: GuidanceRef): ResolvedRef {
  const catalog = catalogs.find((c) => c.id === ref.catalog);
  const section = catalog?.sections.find((s) => s.id === ref.section);
  return { ref, ...(catalog ? { catalog } : {}), ...(section ? { section } : {}) };
}

/** Every guidance reference in a map, with the element that holds it. */
export function guidanceRefsOf(doc: JourneyMap): { element: { kind: 'map' | 'stage' | 'step' | 'painPoint' | 'opportunity'; id: string }; ref: GuidanceRef }[] {
  const out: { element: { kind: 'map' | 'stage' | 'step' | 'painPoint' | 'opportunity'; id: string }; ref: GuidanceRef }[] = [];
  for (const ref of doc.meta.guidance) out.push({ element: { kind: 'map', id: '' }, ref });
  for (const s of doc.stages) for (const ref of s.guidance) out.push({ element: { kind: 'stage', id: s.id }, ref });
  for (const s of doc.steps) for (const ref of s.guidance) out.push({ element: { kind: 'step', id: s.id }, ref });
  for (const p of doc.painPoints) for (const ref of p.guidance) out.push({ element: { kind: 'painPoint', id: p.id }, ref });
  for (const o of doc.opportunities) for (const ref of o.guidance) out.push({ element: { kind: 'opportunity', id: o.id }, ref });
  return out;
}

/** Catalog ids a map refers to that the app does not have (the map still opens). */
export function missingCatalogs(doc: JourneyMap, catalogs: readonly GuidanceCatalog[]): string[] {
  const known = new Set(catalogs.map((c) => c.id));
  return [...new Set(guidanceRefsOf(doc).map((r) => r.ref.catalog))].filter((id) => !known.has(id));
}

/** Sections whose title or summary contains every word of the query (ru and en, any case). */
export function searchSections(catalog: GuidanceCatalog, query: string): GuidanceSection[] {
  const words = query.toLowerCase().replace(/ё/g, 'е').split(/\s+/).filter(Boolean);
  if (words.length === 0) return catalog.sections;
  return catalog.sections.filter((s) => {
    const hay = [s.id, s.title.ru, s.title.en, s.summary.ru, s.summary.en].filter(Boolean).join(' ').toLowerCase().replace(/ё/g, 'е');
    return words.every((w) => hay.includes(w));
  });
}
