/**
 * Text safe to hand to an evaluator's terminal or spreadsheet. Family text is typed on any
 * device and pasted from anywhere; a NUL cuts a file short in some tools and an ESC starts a
 * terminal escape sequence (colours, a moved cursor, a rewritten line). Control characters other
 * than tab, newline and a Windows line end (CR LF) become U+FFFD, visibly: nothing is silently
 * dropped, and a field never empties. A carriage return on its own goes too: it sends a
 * terminal back to the start of the line, to print over what was there.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\r(?!\n)/g;

export function printable(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}

/** Every string inside a value made of plain objects and arrays, made printable. */
export function printableAll<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableAll) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, printableAll(inner)])) as T;
  return value;
}
