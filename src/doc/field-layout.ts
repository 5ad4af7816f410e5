/**
 * How each field of a record is held in its Y.Map, declared once per record against the
 * record's own type, so that a field added to a schema and not given a place in the document
 * fails `tsc` here instead of being dropped, silently, on its way through the Y.Doc.
 *
 * `satisfies FieldLayout<T>` demands exactly T's fields: a missing one is a missing property,
 * an extra one an excess property. The field lists the bridge reads and writes are derived
 * from the layout with `fieldsOf`.
 */

/**
 * - `plain`: a JSON value, the last writer wins.
 * - `text`: a Y.Text, typed together and merged character by character.
 * - `set`: a Y.Map used as a set (key → true), so concurrent additions never duplicate.
 * - `evidence`: a Y.Map of evidence records by their pointer (theories of change).
 * - `computed`: never stored (exports compute it).
 */
export type FieldKind = 'plain' | 'text' | 'set' | 'evidence' | 'computed';

/** Every field of T (optional ones too), each with where it is held. */
export type FieldLayout<T, Kind extends string = FieldKind> = { readonly [K in keyof Required<T>]: Kind };

/** The fields of a layout held as `kind`, in the layout's order. */
export function fieldsOf<L extends Record<string, string>, K extends L[keyof L]>(
  layout: L,
  kind: K,
): { [F in keyof L]: L[F] extends K ? F : never }[keyof L][] {
  return Object.keys(layout).filter((field) => layout[field] === kind) as {
    [F in keyof L]: L[F] extends K ? F : never;
  }[keyof L][];
}
