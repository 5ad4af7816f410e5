/**
 * The one bridge between a live Y.Doc and the domain model, for each kind of document:
 * `journey/` and `toc/` side by side, over what they share here (how records are written and
 * read, quarantine, command errors, transaction origins, text diffs, field layouts) and the
 * registry of document kinds (`kinds.ts`) the server and the editors use.
 */
export * from './command-error.ts';
export * from './origins.ts';
export type { QuarantinedRecord } from './quarantine.ts';
export * from './journey/index.ts';
export * from './toc/index.ts';
export * from './costs/companion.ts';
export * from './kinds.ts';
export * from './kind-spec.ts';
export { journeyKind } from './journey/kind.ts';
export { tocKind } from './toc/kind.ts';
export { costsKind } from './costs/kind.ts';
