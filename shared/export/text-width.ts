/**
 * Text width without a DOM: advance widths of DejaVu Sans (the first font of the export's stack,
 * installed with `fonts-dejavu-core`), measured in Chromium and stored per mille of the font
 * size. Printable ASCII has one width per character; Cyrillic uses the average capital and small
 * letter; everything else falls into a few classes. Good to a few per cent on real titles, which
 * is what wrapping and ellipsis need.
 */

// prettier-ignore
const ASCII_REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
  634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
// prettier-ignore
const ASCII_BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
  733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
  712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

interface Face {
  ascii: readonly number[];
  cyrillicCapital: number;
  cyrillicSmall: number;
  /** Dashes, quotes, arrows and other punctuation common in Russian official texts. */
  punctuation: Readonly<Record<string, number>>;
  other: number;
}

const REGULAR: Face = {
  ascii: ASCII_REGULAR,
  cyrillicCapital: 761,
  cyrillicSmall: 664,
  punctuation: { '—': 1000, '–': 500, '«': 612, '»': 612, '…': 1000, '№': 1040, '“': 518, '”': 518, '„': 518, '‘': 318, '’': 318, '→': 838, '←': 838, '·': 318, '•': 590, '−': 838, '₽': 636, '\u00a0': 318 },
  other: 640,
};
const BOLD: Face = {
  ascii: ASCII_BOLD,
  cyrillicCapital: 859,
  cyrillicSmall: 734,
  punctuation: { '—': 1000, '–': 500, '«': 646, '»': 646, '…': 1000, '№': 1203, '“': 657, '”': 657, '„': 657, '‘': 380, '’': 380, '→': 838, '←': 838, '·': 380, '•': 639, '−': 838, '₽': 696, '\u00a0': 348 },
  other: 700,
};

/** Wide characters (CJK, Hangul, full-width forms, emoji) take about one em. */
const isWide = (cp: number) =>
  (cp >= 0x1100 && cp <= 0x115f) ||
  (cp >= 0x2e80 && cp <= 0xa4cf) ||
  (cp >= 0xac00 && cp <= 0xd7a3) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0xff00 && cp <= 0xff60) ||
  cp >= 0x1f300;

/** Whether each Cyrillic letter (U+0400–U+04FF) is a capital: it changes in lower case. */
const CYRILLIC_CAPITAL = Array.from({ length: 0x100 }, (_, k) => {
  const ch = String.fromCharCode(0x400 + k);
  return ch !== ch.toLowerCase();
});
/** The punctuation widths by code point (the tables' keys are single characters of the BMP). */
const punctuationByCode = (face: Face): ReadonlyMap<number, number> => new Map(Object.entries(face.punctuation).map(([ch, width]) => [ch.charCodeAt(0), width] as const));
const REGULAR_PUNCTUATION = punctuationByCode(REGULAR);
const BOLD_PUNCTUATION = punctuationByCode(BOLD);

function advanceOf(cp: number, face: Face): number {
  if (cp >= 32 && cp < 127) return face.ascii[cp - 32] ?? face.other;
  if (cp >= 0x400 && cp <= 0x4ff) return CYRILLIC_CAPITAL[cp - 0x400] ? face.cyrillicCapital : face.cyrillicSmall;
  const known = (face === BOLD ? BOLD_PUNCTUATION : REGULAR_PUNCTUATION).get(cp);
  if (known !== undefined) return known;
  if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (isWide(cp)) return 1000;
  return face.other;
}

const advance = (ch: string, face: Face): number => advanceOf(ch.codePointAt(0) ?? 32, face);

/** The width of `text` in pixels at `fontSize`, in DejaVu Sans (bold when `bold`). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const face = bold ? BOLD : REGULAR;
  let total = 0;
  // By code point, as `for…of` goes (a lone surrogate is one), without a string per character.
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    total += advanceOf(cp, face);
  }
  return (total * fontSize) / 1000;
}

export interface TextStyle {
  fontSize: number;
  bold?: boolean;
}

const ELLIPSIS = '…';

/** `text` cut to fit `maxWidth` with an ellipsis (unchanged when it fits). */
export function ellipsize(text: string, maxWidth: number, style: TextStyle): string {
  const { fontSize, bold = false } = style;
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = [...text];
  const budget = maxWidth - textWidth(ELLIPSIS, fontSize, bold);
  let width = 0;
  let end = 0;
  const face = bold ? BOLD : REGULAR;
  for (; end < chars.length; end++) {
    const w = (advance(chars[end] as string, face) * fontSize) / 1000;
    if (width + w > budget) break;
    width += w;
  }
  return `${chars.slice(0, end).join('').trimEnd()}${ELLIPSIS}`;
}

/** Splits a word too long for one line into pieces that fit. */
function breakWord(word: string, maxWidth: number, style: TextStyle): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece !== '' && textWidth(piece + ch, style.fontSize, style.bold) > maxWidth) {
      pieces.push(piece);
      piece = ch;
    } else piece += ch;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * Greedy word wrap into at most `maxLines` lines of `maxWidth`; what does not fit ends the last
 * line with an ellipsis. Whitespace runs collapse to one space. `truncated` says whether any
 * text was dropped.
 */
export function wrapText(text: string, maxWidth: number, maxLines: number, style: TextStyle): { lines: string[]; truncated: boolean } {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  let index = 0;
  const fits = (s: string) => textWidth(s, style.fontSize, style.bold) <= maxWidth;
  while (index < words.length) {
    const word = words[index] as string;
    const candidate = line === '' ? word : `${line} ${word}`;
    if (fits(candidate)) {
      line = candidate;
      index++;
      continue;
    }
    if (line === '') {
      // One word wider than the line: break it across lines.
      const [first, ...rest] = breakWord(word, maxWidth, style);
      line = first ?? '';
      words[index] = rest.join('');
      if (words[index] === '') index++;
    }
    lines.push(line);
    line = '';
    if (lines.length === maxLines) break;
  }
  if (lines.length < maxLines && line !== '') {
    lines.push(line);
    line = '';
  }
  const truncated = index < words.length || line !== '';
  if (truncated && lines.length > 0) {
    const rest = [lines[lines.length - 1], line, ...words.slice(index)].filter((w) => w).join(' ');
    lines[lines.length - 1] = ellipsize(rest, maxWidth, style);
  }
  return { lines, truncated };
}
