/** Theory-of-change exports: one view per audience, then one pure module per format. */
export * from './evaluator-view.ts';
export * from './json.ts';
