/**
 * CSV, read and written, for any table: imported reference tables, exported reports and
 * theories of change. Knows nothing of what the columns mean.
 */
export * from './printable.ts';
export * from './read.ts';
export * from './write.ts';
