/**
 * The journey map as a PDF on A4 or A3 landscape, drawn by pdfkit (text as text, so it can be
 * searched, copied and read aloud). A long journey is tiled: each page holds the next row of
 * cards in story order, under the journey's title and "Page 2 of 7 · stages 4 to 6"; a link
 * that runs on to a later page says so at the page's edge.
 */
import PDFDocument from 'pdfkit';
import type { Journey } from '../../src/model/index.ts';
import { FONT_FILES, fontMeasure } from './fonts.ts';
import { CARD_WIDTH, mapLayout } from './map-layout.ts';

export type Paper = 'A4' | 'A3';
/** Cards across a page: as many as fit at full size. */
const PER_PAGE: Record<Paper, number> = { A4: 3, A3: 4 };
const HEADER = 56;
const FOOTER = 28;
const MARGIN = 24;

/** Collect a pdfkit document's bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export function newPdf(paper: Paper, title: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: paper,
    layout: 'landscape',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: title, Creator: 'Turning Points' },
  });
  doc.registerFont('regular', FONT_FILES.regular);
  doc.registerFont('bold', FONT_FILES.bold);
  return doc;
}

export function mapPdf(journey: Journey, paper: Paper): Promise<Buffer> {
  const perPage = PER_PAGE[paper];
  const drawing = mapLayout(journey, fontMeasure(), perPage);
  const doc = newPdf(paper, journey.title);
  const pages = Math.max(1, Math.ceil(drawing.cards.length / perPage));
  for (let page = 0; page < pages; page++) {
    doc.addPage();
    const { width, height } = doc.page;
    const cards = drawing.cards.slice(page * perPage, (page + 1) * perPage);
    const first = page * perPage + 1;
    doc
      .font('bold')
      .fontSize(16)
      .fillColor('#1b1f24')
      .text(journey.title, MARGIN, MARGIN, { width: width - 2 * MARGIN, height: 22, ellipsis: true });
    doc
      .font('regular')
      .fontSize(10)
      .fillColor('#4a5260')
      .text(
        `Page ${page + 1} of ${pages}${cards.length > 0 ? ` · stages ${first} to ${first + cards.length - 1} of ${drawing.cards.length}` : ''}`,
        MARGIN,
        height - MARGIN - 12,
        { lineBreak: false },
      );
    const [leftmost] = cards;
    if (!leftmost) continue;
    const top = leftmost.y;
    const rowHeight = Math.max(...cards.map((card) => card.height));
    const rowWidth = perPage * CARD_WIDTH + (perPage - 1) * 48;
    const scale = Math.min(1, (width - 2 * MARGIN) / rowWidth, (height - HEADER - FOOTER - MARGIN) / rowHeight);
    doc.save();
    doc.translate(MARGIN, HEADER).scale(scale).translate(-leftmost.x, -top);
    for (const link of drawing.links) {
      const fromHere = link.from.y >= top && link.from.y <= top + rowHeight;
      const toHere = link.to.y >= top && link.to.y <= top + rowHeight;
      if (fromHere && toHere && link.to.x > link.from.x)
        doc.moveTo(link.from.x, link.from.y).lineTo(link.to.x, link.to.y).lineWidth(2).strokeColor('#5c6470').stroke();
    }
    for (const card of cards) {
      doc.roundedRect(card.x, card.y, card.width, card.height, 8).lineWidth(2).strokeColor('#5c6470').stroke();
      if (card.levelColour)
        doc
          .rect(card.x, card.y + 8, 6, card.height - 16)
          .fillColor(card.levelColour)
          .fill();
      for (const line of card.lines)
        doc
          .font(line.weight)
          .fontSize(line.size)
          .fillColor(line.colour)
          .text(line.text, card.x + line.x, card.y + line.y - line.size, { lineBreak: false });
    }
    doc.restore();
    // A link to a later page: said at the right edge, so the story's thread is not lost.
    const onward = drawing.links.some(
      (link) =>
        link.from.y >= top && link.from.y <= top + rowHeight && !(link.to.y >= top && link.to.y <= top + rowHeight),
    );
    if (onward && page < pages - 1)
      doc
        .font('regular')
        .fontSize(10)
        .fillColor('#4a5260')
        .text('continues on the next page →', width - MARGIN - 160, height - MARGIN - 12, {
          width: 160,
          align: 'right',
          lineBreak: false,
        });
  }
  return pdfBytes(doc);
}
