/**
 * Stored read models read back, validated: the one place lists and reports turn a kind's stored
 * JSON into domain objects. A row that does not validate is left out rather than shown half-read.
 */
import type { z } from 'zod/mini';
import { JourneySchema, TheoryOfChangeSchema, type Journey, type TheoryOfChange } from '../../src/model/index.ts';
import type { DocumentKind, DocumentStore } from './document-store.ts';

interface ReadModels {
  journey: Journey;
  toc: TheoryOfChange;
}

/** The schema each kind's read model is written from; a new kind of document must name one here. */
const READ_MODEL_SCHEMAS: { [K in DocumentKind]: z.ZodMiniType<ReadModels[K]> } = {
  journey: JourneySchema,
  toc: TheoryOfChangeSchema,
};

interface StoredReadModel<K extends DocumentKind> {
  model: ReadModels[K];
  updatedAt: string;
}

/** Every stored document of a kind, as its validated read model. */
export async function storedReadModels<K extends DocumentKind>(
  store: DocumentStore,
  kind: K,
): Promise<StoredReadModel<K>[]> {
  const schema = READ_MODEL_SCHEMAS[kind];
  return (await store.listReadModels(kind)).flatMap((row) => {
    const parsed = schema.safeParse(JSON.parse(row.json));
    // The id is where the document is stored, never what its content says (anyone invited can write that).
    return parsed.success
      ? [{ model: { ...parsed.data, id: row.docId } as ReadModels[K], updatedAt: row.updatedAt }]
      : [];
  });
}
