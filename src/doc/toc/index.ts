/** The bridge between a theory of change's own Y.Doc and the domain model. */
export * from './evidence-commands.ts';
export { isTocDoc, evidenceKey, tocMaps } from './layout.ts';
export * from './limits.ts';
export * from './link-commands.ts';
export * from './meta-commands.ts';
export * from './node-commands.ts';
export { readToc } from './read.ts';
export * from './record-commands.ts';
export { tocAsStored } from './stored.ts';
export * from './typed-text.ts';
export { fromToc, writeToc } from './write.ts';
