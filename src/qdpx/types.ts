/**
 * A REFI-QDA project as plain data: what `project.ts` writes as `project.qde` and `package.ts`
 * zips with its sources. Knows nothing of journeys (`from-journeys.ts` makes one from them), so
 * it can be checked and written on its own.
 *
 * Every `guid` is a random UUID (`guid.ts`): it identifies an element inside the file and says
 * nothing about the family, the staff member or the record it came from.
 */

/** A UUID, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
export type Guid = string;

/** A staff member who recorded or exported something. */
export interface QdpxUser {
  guid: Guid;
  /** As shown in the analysis software beside what they recorded. */
  name: string;
}

/** A code of the codebook; one with children is a folder of codes. */
export interface QdpxCode {
  guid: Guid;
  name: string;
  /** False for a folder that only groups codes: nothing can be coded with it. */
  isCodable: boolean;
  /** `#rrggbb`. */
  color?: string;
  description?: string;
  children?: readonly QdpxCode[];
}

/** The value types this exporter writes (REFI-QDA also has Float, Date and DateTime). */
export type QdpxVariableType = 'Text' | 'Boolean' | 'Integer';

/** A variable (NVivo: attribute) that every case may have a value for. */
export interface QdpxVariable {
  guid: Guid;
  name: string;
  type: QdpxVariableType;
  description?: string;
}

/** A case's value for a variable; its type must be the variable's. */
export type QdpxVariableValue = { variable: Guid } & (
  { type: 'Text'; value: string } | { type: 'Boolean'; value: boolean } | { type: 'Integer'; value: number }
);

/** A code applied to a selection. */
export interface QdpxCoding {
  guid: Guid;
  code: Guid;
  creatingUser: Guid;
}

/**
 * A stretch of a source's text. Positions count Unicode code points from 0 (so an emoji is one,
 * not two as in a JavaScript string): the selection is the code points `start` up to but not
 * including `end`, like `[...text].slice(start, end)`.
 */
export interface QdpxSelection {
  guid: Guid;
  name: string;
  start: number;
  end: number;
  /** A note on the selection, e.g. who rated the stage's progress. */
  description?: string;
  creatingUser: Guid;
  codings: readonly QdpxCoding[];
}

/** A plain-text document, written to `Sources/<guid>.txt` in the package. */
export interface QdpxTextSource {
  guid: Guid;
  name: string;
  description?: string;
  /** The document itself: `\n` line ends, nothing XML 1.0 forbids (`plainText` in xml.ts). */
  text: string;
  creatingUser: Guid;
  selections: readonly QdpxSelection[];
}

/** One family: its variables and the documents made from its journeys. */
export interface QdpxCase {
  guid: Guid;
  /** The family's pseudonym. */
  name: string;
  description?: string;
  values: readonly QdpxVariableValue[];
  sources: readonly QdpxTextSource[];
}

export interface QdpxProject {
  name: string;
  /** The software that wrote the file ("Turning Points"). */
  origin: string;
  /** When the export was made; every element is dated then. */
  createdAt: Date;
  /** The staff member exporting: one of `users`. */
  creatingUser: Guid;
  users: readonly QdpxUser[];
  codes: readonly QdpxCode[];
  variables: readonly QdpxVariable[];
  cases: readonly QdpxCase[];
  description?: string;
}
