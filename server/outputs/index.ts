/**
 * The journey's outputs (issue 17), loaded by the download page on the first download: the
 * whole map as SVG, PNG and PDF (A4 or A3 landscape, tiled), and the family's large-type
 * "Safe to take home" PDF. Drawn from the journey's model without a browser.
 */
import type { Journey } from '../../src/model/index.ts';
import { fontMeasure } from './fonts.ts';
import { mapLayout } from './map-layout.ts';
import { svgToPng } from './map-png.ts';
import { mapSvg } from './map-svg.ts';

export { mapPdf } from './map-pdf.ts';
export { takeHomePdf } from './take-home-pdf.ts';

export function journeySvg(journey: Journey): string {
  return mapSvg(mapLayout(journey, fontMeasure()));
}

export function journeyPng(journey: Journey): Buffer {
  const drawing = mapLayout(journey, fontMeasure());
  return svgToPng(mapSvg(drawing), drawing.width, drawing.height);
}
