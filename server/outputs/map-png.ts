/**
 * The journey map as PNG, rasterised from its SVG by resvg (a well-kept Rust renderer, as a
 * prebuilt Node addon: no browser), with the bundled DejaVu fonts and no system fonts. A long
 * journey is scaled down to at most `MAX_PIXELS`, so one download cannot take the server's memory.
 */
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES } from './fonts.ts';

const MAX_PIXELS = 12_000_000;
/** Twice the SVG's size where that fits: sharp on a high-density screen and in print. */
const PREFERRED_SCALE = 2;

export function svgToPng(svg: string, width: number, height: number): Buffer {
  const scale = Math.min(PREFERRED_SCALE, Math.sqrt(MAX_PIXELS / (width * height)));
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    font: { loadSystemFonts: false, fontFiles: Object.values(FONT_FILES), defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}
