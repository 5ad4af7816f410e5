/**
 * User text made safe for Markdown (CommonMark with GitHub's tables): it reads as the same text
 * and can never become structure (headings, lists, links, tables, code) or raw HTML.
 */

/** `<` and `>` as entities, and `&` where it would start one, so no HTML tag or entity can form. */
const html = (text: string) =>
  text
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/**
 * Backslash before every character that starts inline structure: emphasis, code, links and
 * images (`[`), strikethrough, table cells (`|`), headings (`#`), the backslash itself, and
 * what GitHub would turn into a link by itself (`https://`, `www.`, `name@example.org`).
 */
const inlineMarks = (text: string) =>
  text
    .replace(/[\\`*_[\]|~#@]/g, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');

/** A line that would open a list, a quote, a setext underline or a thematic break keeps its text. */
const lineStart = (line: string) => line.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');

/** Text inside a line: a heading, a list item, a table cell. Line breaks become spaces. */
export function mdInline(text: string): string {
  return inlineMarks(html(text.replace(/\s+/g, ' ').trim()));
}

/** Text that starts a block of its own (a list item, a paragraph): `-`, `1.` or `---` stay text. */
export function mdLine(text: string): string {
  return lineStart(mdInline(text));
}

/**
 * Text that may run over several lines (a description, a family's words), each line kept as a
 * hard line break; `prefix` starts every line (`> ` for a block quote).
 */
export function mdBlock(text: string, prefix = ''): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => mdLine(line))
    .filter((line) => line !== '');
  return lines.map((line) => `${prefix}${line}`).join('\\\n');
}

/** A GitHub table; every cell is escaped here. */
export function mdTable(header: readonly string[], rows: readonly (readonly (string | undefined)[])[]): string {
  const line = (cells: readonly (string | undefined)[]) =>
    `| ${cells.map((cell) => mdInline(cell ?? '')).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}
