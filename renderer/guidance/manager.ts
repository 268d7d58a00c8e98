/** Keeps the store's catalogs in step with the built-in ones and what the user added or corrected. */
import { GuidanceSectionSchema, type GuidanceCatalog } from '../../shared/guidance/catalog';
import type { Locale } from '../../shared/i18n';
import { BUILT_IN_CATALOGS, parseCatalog } from '../../templates/guidance';
import type { AppStore } from '../store';
import { effectiveCatalogs, loadUrlOverrides, loadUserCatalogs, overrideKey, saveUrlOverrides, saveUserCatalogs } from './catalogs';

export const isBuiltIn = (id: string) => BUILT_IN_CATALOGS.some((c) => c.id === id);

export function refreshCatalogs(store: AppStore): void {
  store.getState().setCatalogs(effectiveCatalogs(BUILT_IN_CATALOGS, loadUserCatalogs(), loadUrlOverrides()));
}

/** Adds (or replaces) a user catalog from a file's text; the problems if it is not a catalog. */
export function addCatalogFromText(store: AppStore, text: string, locale: Locale): { ok: true; catalog: GuidanceCatalog } | { ok: false; problems: string[] } {
  const parsed = parseCatalog(text, locale);
  if (!parsed.ok) return parsed;
  const user = loadUserCatalogs().filter((c) => c.id !== parsed.catalog.id);
  saveUserCatalogs([...user, parsed.catalog]);
  refreshCatalogs(store);
  return { ok: true, catalog: parsed.catalog };
}

export function removeUserCatalog(store: AppStore, id: string): void {
  saveUserCatalogs(loadUserCatalogs().filter((c) => c.id !== id));
  refreshCatalogs(store);
}

/** Whether a corrected address may be stored: a web link, as in the catalog schema. */
export const isSectionUrl = (url: string) => GuidanceSectionSchema.shape.url.safeParse(url.trim()).success;

/**
 * Corrects (or, with an empty URL, forgets the correction of) a section's address. Returns false
 * for anything but an http(s) link, which is not stored.
 */
export function setSectionUrl(store: AppStore, catalog: string, section: string, url: string): boolean {
  const overrides = loadUrlOverrides();
  const key = overrideKey(catalog, section);
  if (url.trim() === '') delete overrides[key];
  else if (isSectionUrl(url)) overrides[key] = url.trim();
  else return false;
  saveUrlOverrides(overrides);
  refreshCatalogs(store);
  return true;
}
