/**
 * The charts' colours, and the contrast checks that keep them readable: WCAG 2.2 asks 3:1 for a
 * mark against its background and 4.5:1 for text. Charts sit on white (charts.css gives them a
 * white ground), so marks are checked against white and words drawn on a mark get whichever of
 * ink and white reads better on it.
 */

/** The site's text colour (global.css `--ink`). */
export const INK = '#1b1f24';
/** Secondary text and grid lines (global.css `--muted`). */
export const MUTED = '#4a5260';
export const PAPER = '#ffffff';

/**
 * One colour per series (period, family type, referral and closure), each at least 4.5:1 against
 * white, and told apart by lightness as well as hue. Every bar is also named, never coloured alone.
 */
export const SERIES_COLOURS = ['#0b5cad', '#b54708', '#067647', '#6941c6', '#a3185b', '#3f4a5a', '#7a5c00', '#0e6e8c'];

/** The colour of series `index`, repeating after the last. */
export const seriesColour = (index: number): string => SERIES_COLOURS[index % SERIES_COLOURS.length] ?? INK;

/**
 * The heat-map's five shades, one per fifth of 0–100%, darker for more. Classes rather than a
 * smooth ramp: a ramp passes through mid-tones on which neither ink nor white words reach 4.5:1.
 * The first three take ink words, the last two white; each cell is also outlined and numbered.
 */
const HEAT_CLASSES = ['#eef4fb', '#c6dbef', '#8db7dd', '#2f6fad', '#0b3d6e'];

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** Relative luminance of a `#rrggbb` colour, as WCAG defines it. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Ink or white, whichever reads better on `fill`. */
export function textOn(fill: string): string {
  return contrast(fill, INK) >= contrast(fill, PAPER) ? INK : PAPER;
}

/** An ink outline for a fill too pale to stand out from white on its own (under 3:1), else none. */
export function outlineFor(fill: string): string {
  return contrast(fill, PAPER) < 3 ? INK : 'none';
}

/** The heat-map colour for a share from 0 to 1. */
export function heatColour(share: number): string {
  const index = Math.floor(Math.min(1, Math.max(0, share)) * HEAT_CLASSES.length);
  return HEAT_CLASSES[Math.min(index, HEAT_CLASSES.length - 1)] ?? INK;
}
