/**
 * Writing XML 1.0 safely from family text. Words are typed on any device and pasted from
 * anywhere: a control character or a lone surrogate makes the whole document unreadable to
 * every XML parser, so characters XML 1.0 forbids are dropped, and markup characters are escaped.
 */

/**
 * Everything outside XML 1.0's `Char` production: C0 controls other than tab, newline and carriage
 * return, lone surrogates, and U+FFFE / U+FFFF.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with every character XML 1.0 cannot carry removed. */
export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** Text with its line ends as `\n` and nothing XML 1.0 forbids: what a source document is made of. */
export function plainText(text: string): string {
  return xmlSafe(text.replace(/\r\n?/g, '\n'));
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  // A parser turns a literal tab or line end inside an attribute into a space: kept as references.
  '\t': '&#9;',
  '\n': '&#10;',
};

/** Character data: `&`, `<` and `>` escaped (so `]]>` never appears), and a carriage return kept. */
export function escapeText(text: string): string {
  return xmlSafe(text).replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char] ?? char);
}

/** An attribute value for either quote style, its tabs and line ends kept. */
export function escapeAttribute(value: string): string {
  return xmlSafe(value).replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

/** Attributes in the order given; an undefined value is left out. */
export type Attributes = readonly (readonly [name: string, value: string | number | boolean | undefined])[];

/** A child node: an element's lines, already indented by `element`. */
export type Lines = readonly string[];

function openTag(name: string, attributes: Attributes): string {
  const written = attributes
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  return `<${name}${written}`;
}

/** An element holding other elements, indented two spaces a level; empty when it has none. */
export function element(name: string, attributes: Attributes, children: readonly Lines[] = []): Lines {
  const inner = children.flat();
  if (inner.length === 0) return [`${openTag(name, attributes)}/>`];
  return [`${openTag(name, attributes)}>`, ...inner.map((line) => `  ${line}`), `</${name}>`];
}

/** An element holding only text, on one line (line ends inside the text are kept as they are). */
export function textElement(name: string, text: string, attributes: Attributes = []): Lines {
  return [`${openTag(name, attributes)}>${escapeText(text)}</${name}>`];
}
