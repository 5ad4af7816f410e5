export * from './draft.ts';
export * from './export/index.ts';
