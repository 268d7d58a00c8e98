/** Toolbar icons as inline SVG (no icon font: the app must look the same offline everywhere). */
const PATHS = {
  new: 'M6 2h8l6 6v14H6z M14 2v6h6 M13 12v6 M10 15h6',
  open: 'M3 6h6l2 2h10v11H3z M3 10h18',
  save: 'M5 3h12l4 4v14H5z M8 3v6h8V3 M8 21v-7h10v7',
  saveAs: 'M5 3h10l4 4v6 M5 3v18h8 M8 3v5h7V3 M17 15v7 M14 19l3 3 3-3',
  undo: 'M9 14L4 9l5-5 M4 9h11a5 5 0 0 1 0 10h-3',
  redo: 'M15 14l5-5-5-5 M20 9H9a5 5 0 0 0 0 10h3',
  stage: 'M4 4h6v16H4z M14 4h6v16h-6z M17 9v6 M14 12h6',
  lane: 'M3 5h18v5H3z M3 14h18v5H3z M12 15v3 M10.5 16.5h3',
  step: 'M4 6h16v12H4z M12 9v6 M9 12h6',
  fit: 'M4 9V4h5 M20 9V4h-5 M4 15v5h5 M20 15v5h-5',
  chevron: 'M6 9l6 6 6-6',
  panel: 'M3 4h18v16H3z M15 4v16',
  export: 'M12 3v12 M7 8l5-5 5 5 M5 14v6h14v-6',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
