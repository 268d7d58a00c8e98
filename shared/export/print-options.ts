/**
 * The PDF and PNG export options as plain constants, apart from the page builder so the IPC
 * contract (and with it the preload) can name them without pulling in the exporters.
 */

/** Landscape sheet sizes in millimetres. */
export const PAGE_SIZES = {
  A4: { width: 297, height: 210 },
  A3: { width: 420, height: 297 },
  A2: { width: 594, height: 420 },
  A1: { width: 841, height: 594 },
  A0: { width: 1189, height: 841 },
} as const;
export type PageSize = keyof typeof PAGE_SIZES;
export const PAGE_SIZE_NAMES = ['A4', 'A3', 'A2', 'A1', 'A0'] as const satisfies readonly PageSize[];
/** Sheets a poster can be tiled on (what office printers take). */
export const TILE_PAGE_SIZES = ['A4', 'A3'] as const satisfies readonly PageSize[];
export const isTilePageSize = (page: PageSize): page is (typeof TILE_PAGE_SIZES)[number] => (TILE_PAGE_SIZES as readonly string[]).includes(page);

/** Poster scales offered for tiling: 1 prints the map at its natural size (96 px per inch). */
export const TILE_SCALES = [0.5, 0.75, 1, 1.5, 2] as const;
/** PNG scales: device pixels per map pixel. */
export const PNG_SCALES = [1, 2, 4] as const;
export type PngScale = (typeof PNG_SCALES)[number];

