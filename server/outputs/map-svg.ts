/**
 * The journey map as SVG: the whole journey (mapLayout), not what a screen shows. Every word is
 * XML-escaped text, so what people typed can never become markup. Text is drawn in DejaVu Sans,
 * whose metrics placed it.
 */
import { FONT_FAMILY } from './fonts.ts';
import type { MapDrawing } from './map-layout.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

const round = (n: number) => Math.round(n * 10) / 10;

export function mapSvg(drawing: MapDrawing): string {
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(drawing.width)}" height="${round(drawing.height)}" viewBox="0 0 ${round(drawing.width)} ${round(drawing.height)}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(drawing.title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#5c6470"/></marker></defs>`,
    `<text x="24" y="52" font-size="24" font-weight="bold" fill="#1b1f24">${escapeXml(drawing.title)}</text>`,
  ];
  for (const { from, to, via } of drawing.links) {
    const bend = Math.max(30, Math.abs(to.x - from.x) / 3);
    // Along a row, a curve; to a later row, through the gaps between the cards, never across one.
    const path =
      via === undefined
        ? `M${round(from.x)} ${round(from.y)}C${round(from.x + bend)} ${round(from.y)} ${round(to.x - bend)} ${round(to.y)} ${round(to.x)} ${round(to.y)}`
        : `M${round(from.x)} ${round(from.y)}H${round(from.x + 16)}V${round(via)}H${round(to.x - 16)}V${round(to.y)}H${round(to.x)}`;
    parts.push(`<path d="${path}" fill="none" stroke="#5c6470" stroke-width="2" marker-end="url(#arrow)"/>`);
  }
  for (const card of drawing.cards) {
    parts.push(
      `<g transform="translate(${round(card.x)} ${round(card.y)})">`,
      `<title>${escapeXml(card.label)}</title>`,
    );
    parts.push(
      `<rect width="${card.width}" height="${round(card.height)}" rx="8" fill="#ffffff" stroke="#5c6470" stroke-width="2"/>`,
    );
    if (card.levelColour)
      parts.push(`<rect x="0" y="8" width="6" height="${round(card.height - 16)}" fill="${card.levelColour}"/>`);
    for (const line of card.lines)
      parts.push(
        `<text x="${line.x}" y="${round(line.y)}" font-size="${line.size}"${line.weight === 'bold' ? ' font-weight="bold"' : ''} fill="${line.colour}">${escapeXml(line.text)}</text>`,
      );
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('\n');
}
