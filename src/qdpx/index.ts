/**
 * Journeys exported as a REFI-QDA project (`.qdpx`) for qualitative analysis software (NVivo,
 * ATLAS.ti, MAXQDA, QualCoder): journeys to plain project data, that data to `project.qde`, and
 * both zipped with the sources' text.
 */
export * from './check.ts';
export * from './codebook.ts';
export * from './from-journeys.ts';
export * from './guid.ts';
export * from './journey-text.ts';
export * from './package.ts';
export * from './project.ts';
export * from './types.ts';
export { escapeAttribute, escapeText, plainText, xmlSafe } from './xml.ts';
