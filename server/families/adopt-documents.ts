/**
 * Once, on a store made before families were records: every journey joins a family of its own
 * (named as the journey named it, in the journey's project), the consent the journey document
 * held becomes that family's consent history (recorded by `migration`, dated as the document
 * said), and every theory of change gets a cohort record from the journeys its document listed.
 * From then on neither is ever read from a document again.
 */
import { journeyMaps } from '../../src/doc/journey/layout.ts';
import { tocMaps } from '../../src/doc/toc/layout.ts';
import { ConsentSchema } from '../../src/model/consent.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import { loadDocument } from '../storage/load-document.ts';
import { storedReadModels } from '../storage/read-models.ts';
import { createFamily, recordDecisions } from './family-library.ts';

const STEP = 'families-from-documents-v1';

export async function adoptDocuments(store: DocumentStore, defaultProjectId: string): Promise<number> {
  if (await store.families.stepDone(STEP)) return 0;
  let adopted = 0;
  for (const { model: journey } of await storedReadModels(store, 'journey')) {
    if ((await store.families.familyOf(journey.id)) !== undefined) continue;
    const doc = await loadDocument(store, journey.id, 'journey');
    const held = ConsentSchema.safeParse(doc && journeyMaps(doc).meta.get('consent'));
    doc?.destroy();
    const family = await createFamily(store, {
      projectId: (await store.access.projectOf(journey.id)) ?? defaultProjectId,
      pseudonym: journey.family.pseudonym,
      createdBy: 'migration',
    });
    await store.families.attachDocument(journey.id, family.id);
    if (held.success) {
      const scopes = held.data.status === 'given' ? held.data.scopes : ['mapping'];
      await recordDecisions(
        store,
        family,
        scopes.map((scope) => ({
          scope,
          decision: held.data.status,
          givenBy: 'The family',
          method: 'before-consent-records',
          decidedOn: held.data.recordedOn,
          recordedBy: 'migration',
        })),
      );
    }
    adopted += 1;
  }
  for (const { model: toc } of await storedReadModels(store, 'toc')) {
    if ((await store.families.cohortOf(toc.id)).length > 0) continue;
    const doc = await loadDocument(store, toc.id, 'toc');
    const listed: unknown = doc && tocMaps(doc).meta.get('journeyIds');
    doc?.destroy();
    const ids = Array.isArray(listed) ? listed.filter((id): id is string => typeof id === 'string') : [];
    const stored = await Promise.all(ids.map((id) => store.has(id)));
    await store.families.setCohort(
      toc.id,
      ids.filter((_, i) => stored[i]),
    );
  }
  await store.families.markStepDone(STEP);
  return adopted;
}
