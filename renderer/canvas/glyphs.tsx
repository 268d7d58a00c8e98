/**
 * Small inline-SVG glyphs for the canvas: channel and visit markers, the emotion face, the pain
 * mark. No icon font or emoji: the map must look the same offline, in every browser and in print.
 */
import type { Channel } from './derive';

const CHANNEL_PATHS: Record<Channel, string> = {
  // a public building: roof, columns, base
  'agency-office': 'M3 9l9-5 9 5 M5 9v9 M9.5 9v9 M14.5 9v9 M19 9v9 M3 20h18',
  // a one-stop-shop counter: a window with a queue ticket
  mfc: 'M4 4h16v10H4z M4 14l-1 6h18l-1-6 M9 8h6 M9 11h4',
  // a medical cross
  medical: 'M9 3h6v6h6v6h-6v6H9v-6H3V9h6z',
  // a screen with a globe-ish dot: the portal
  portal: 'M3 4h18v12H3z M8 20h8 M12 16v4 M9 10a3 3 0 1 0 6 0a3 3 0 1 0-6 0',
  phone: 'M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z',
  post: 'M3 6h18v12H3z M3 6l9 7 9-7',
  other: 'M5 12h.01 M12 12h.01 M19 12h.01',
};

export function ChannelGlyph({ channel, size = 13 }: { channel: Channel; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={channel === 'other' ? 4 : 2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={CHANNEL_PATHS[channel]} />
    </svg>
  );
}

/** A person walking in: the step is an in-person visit. */
export function VisitGlyph({ size = 13 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <circle cx="13" cy="4" r="2" fill="currentColor" />
      <path d="M10 21l2-6 3 3v3 M12 15l1-6-4 2-2 3 M13 9l3 3h3" />
    </svg>
  );
}

/** Colour of an emotion value on a red (-2) → amber (0) → green (+2) scale. */
export function emotionColor(value: number): string {
  const v = Math.max(-2, Math.min(2, value));
  const hue = ((v + 2) / 4) * 135;
  const lightness = 44 - Math.abs(v) * 3;
  return `hsl(${hue.toFixed(0)} 72% ${lightness.toFixed(0)}%)`;
}

/** A face whose mouth bends with the emotion (-2 … +2). */
export function EmotionGlyph({ value, size = 14 }: { value: number; size?: number }) {
  const bend = value * 2.2; // control-point offset of the mouth
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <circle cx="12" cy="12" r="10.5" fill={emotionColor(value)} />
      <circle cx="8.5" cy="9.5" r="1.5" fill="#fff" />
      <circle cx="15.5" cy="9.5" r="1.5" fill="#fff" />
      <path d={`M7 ${15 - bend / 3} Q12 ${15 + bend} 17 ${15 - bend / 3}`} fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

/** A warning triangle for pain points. */
export function PainGlyph({ size = 10 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <path d="M12 2L1 21h22z" fill="currentColor" />
      <path d="M12 9v5 M12 17.5v.5" stroke="var(--glyph-cut, #fff)" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  );
}
