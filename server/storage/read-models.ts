/**
 * Stored read models read back, validated: the one place lists and reports turn a kind's stored
 * JSON into domain objects. A row that does not validate is left out rather than shown half-read.
 */
import { z } from 'zod/mini';
import type { JourneyCosts } from '../../src/doc/index.ts';
import {
  CostEventSchema,
  JourneySchema,
  TheoryOfChangeSchema,
  type Journey,
  type TheoryOfChange,
} from '../../src/model/index.ts';
import type { DocumentKind, DocumentStore, ReadModelRow } from './document-store.ts';

interface ReadModels {
  journey: Journey;
  toc: TheoryOfChange;
  costs: JourneyCosts;
}

/** A costs companion's read model: its cost events, each as the model validates them. */
const JourneyCostsSchema = z.object({ costEvents: z.array(CostEventSchema) });

/** The schema each kind's read model is written from; a new kind of document must name one here. */
const READ_MODEL_SCHEMAS: { [K in DocumentKind]: z.ZodMiniType<ReadModels[K]> } = {
  journey: JourneySchema,
  toc: TheoryOfChangeSchema,
  costs: JourneyCostsSchema,
};

interface StoredReadModel<K extends DocumentKind> {
  model: ReadModels[K];
  updatedAt: string;
}

/**
 * A stored row as its kind's validated model, or undefined if it does not validate. The id is
 * where the document is stored, never what its content says (anyone invited can write that).
 */
function validated<K extends DocumentKind>(kind: K, row: ReadModelRow): ReadModels[K] | undefined {
  const parsed = READ_MODEL_SCHEMAS[kind].safeParse(JSON.parse(row.json));
  return parsed.success ? ({ ...parsed.data, id: row.docId } as ReadModels[K]) : undefined;
}

/** Every stored document of a kind, as its validated read model. */
export async function storedReadModels<K extends DocumentKind>(
  store: DocumentStore,
  kind: K,
): Promise<StoredReadModel<K>[]> {
  return (await store.listReadModels(kind)).flatMap((row) => {
    const model = validated(kind, row);
    return model ? [{ model, updatedAt: row.updatedAt }] : [];
  });
}

/** One stored document's validated read model, if it exists, is of this kind and validates. */
export async function storedReadModel<K extends DocumentKind>(
  store: DocumentStore,
  kind: K,
  docId: string,
): Promise<ReadModels[K] | undefined> {
  const row = await store.getReadModel(docId);
  return row?.kind === kind ? validated(kind, row) : undefined;
}
