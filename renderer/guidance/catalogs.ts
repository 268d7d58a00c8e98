/**
 * The guidance catalogs the app has: the built-in ones, plus catalogs the user added from files
 * and the section URLs the user corrected, both kept in the page's local storage (per machine,
 * never in the map file: maps carry only references).
 */
import type { GuidanceCatalog } from '../../shared/guidance/catalog';
import { GuidanceCatalogSchema } from '../../shared/guidance/catalog';

const USER_CATALOGS = 'marshrut.catalogs';
const URL_OVERRIDES = 'marshrut.catalogUrls';

export type UrlOverrides = Record<string, string>;
export const overrideKey = (catalog: string, section: string) => `${catalog}#${section}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function readJson(key: string): unknown {
  try {
    const text = storage()?.getItem(key);
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

/** User catalogs that still validate (a damaged entry is dropped, never a crash). */
export function loadUserCatalogs(): GuidanceCatalog[] {
  const raw = readJson(USER_CATALOGS);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = GuidanceCatalogSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export function saveUserCatalogs(catalogs: readonly GuidanceCatalog[]): void {
  storage()?.setItem(USER_CATALOGS, JSON.stringify(catalogs));
}

export function loadUrlOverrides(): UrlOverrides {
  const raw = readJson(URL_OVERRIDES);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function saveUrlOverrides(overrides: UrlOverrides): void {
  storage()?.setItem(URL_OVERRIDES, JSON.stringify(overrides));
}

/**
 * The catalogs as the app shows them: built-in first, then the user's (a user catalog with a
 * built-in id replaces it), with the user's URL corrections applied (a corrected URL counts as
 * confirmed by the user).
 */
export function effectiveCatalogs(builtIn: readonly GuidanceCatalog[], user: readonly GuidanceCatalog[], overrides: UrlOverrides): GuidanceCatalog[] {
  const byId = new Map<string, GuidanceCatalog>();
  for (const c of [...builtIn, ...user]) byId.set(c.id, c);
  return [...byId.values()].map((catalog) => ({
    ...catalog,
    sections: catalog.sections.map((section) => {
      const url = overrides[overrideKey(catalog.id, section.id)];
      return url ? { ...section, url, urlConfirmed: true } : section;
    }),
  }));
}
