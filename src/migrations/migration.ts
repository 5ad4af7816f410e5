/** What a migration is: a pure step from one schemaVersion to the next. */
import type { z } from 'zod/mini';

export interface Migration {
  /** Unique and stable, e.g. "001-structured-when-and-feeling"; the meta-test names it. */
  name: string;
  /** The schemaVersion it reads; it writes `from + 1`. */
  from: number;
  /**
   * The shape of the parts of a version-`from` document this step changes, frozen when the
   * migration shipped. Checked first, so bad old input fails with a path, not a crash.
   */
  input: z.ZodMiniType;
  /** Pure: returns a new document and never touches its input. */
  up(document: Record<string, unknown>): Record<string, unknown>;
}
