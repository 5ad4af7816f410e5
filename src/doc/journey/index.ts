/** The bridge between a journey's Y.Doc and the domain model. */
export * from './layout.ts';
export * from './member-commands.ts';
export * from './migrate-doc.ts';
export * from './overwrites.ts';
export * from './read.ts';
export * from './record-commands.ts';
export * from './stage-commands.ts';
export { fromJourney, writeJourney } from './write.ts';
export * from './locked-parts.ts';
export * from './sealed-stages.ts';
