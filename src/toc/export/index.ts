/** Theory-of-change exports: one view per audience, then one pure module per format. */
export * from './csv.ts';
export * from './dot.ts';
export * from './evaluator-view.ts';
export * from './formats.ts';
export * from './json.ts';
export * from './markdown.ts';
export * from './mermaid.ts';
export {
  costEventTypeLabel,
  directionText,
  familiesText,
  isAccountable,
  measureText,
  tierHeading,
  tiers,
  TOC_NODE_KIND_PLURALS,
  type ExportWordingOptions,
} from './wording.ts';
export { withKeys, type IdKind, type KeyOf } from './pseudonymous-ids.ts';
