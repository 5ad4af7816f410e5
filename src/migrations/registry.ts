/**
 * Every journey migration, in order. `MIGRATIONS[i]` reads version i + 1. Append only.
 */
import { structuredWhenAndFeeling } from './001-structured-when-and-feeling.ts';
import { sharedHeadlinesAndFactors } from './002-shared-headlines-and-factors.ts';
import type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [structuredWhenAndFeeling, sharedHeadlinesAndFactors];
