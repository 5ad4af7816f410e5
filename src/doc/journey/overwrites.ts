/**
 * Noticing when one person's single choice (a stage's level, its feeling, its place in the
 * story) and another's meet. A Y.Map keeps one value per key, so when two people choose at
 * once (a tablet coming back online with a choice made an hour ago, say) one choice silently
 * replaces the other. This says so to both of them: the person whose choice was replaced, and
 * the person whose choice was kept over someone else's, each with what the other chose, so
 * either can put it back.
 *
 * Yjs does not report a concurrent value that lost, so this reads the map's items (public
 * Yjs structures: each key's items, newest last, each with the client that wrote it).
 */
import * as Y from 'yjs';
import { journeyMaps } from './layout.ts';

/** The stage fields that hold one choice, where a concurrent change replaces another. */
export const SINGLE_CHOICE_FIELDS = ['feeling', 'progress', 'order'] as const;
export type SingleChoiceField = (typeof SINGLE_CHOICE_FIELDS)[number];

export interface Overwrite {
  stageId: string;
  field: SingleChoiceField;
  /** This person's choice (undefined: they had cleared it). */
  mine: unknown;
  /** The other person's choice. */
  theirs: unknown;
  /**
   * False where their choice arrived without its value: a server drops the content of a value
   * that was already replaced when it arrived, so the person whose choice was kept may learn
   * only that someone else chose at the same time (the other person sees both values).
   */
  theirsKnown: boolean;
  /** The Yjs client id of the other person's session (whose name awareness may know). */
  by: number;
  /** Whose choice the stage now shows. */
  kept: 'mine' | 'theirs';
}

/**
 * An item's value. Observers run before Yjs clears deleted items' content here, so it is still
 * there unless it came without it (`ContentDeleted`: see `theirsKnown`).
 */
const valueOf = (item: Y.Item): unknown => item.content.getContent().at(-1);
const hasValue = (item: Y.Item): boolean => !(item.content instanceof Y.ContentDeleted);

function overwritesIn(event: Y.YMapEvent<unknown>, stageId: string, self: number): Overwrite[] {
  const target = event.target;
  const changed = event.keysChanged;
  const found: Overwrite[] = [];
  for (const field of SINGLE_CHOICE_FIELDS) {
    if (!changed.has(field)) continue;
    const current = target._map.get(field);
    if (!current) continue;
    const action = event.keys.get(field)?.action;
    if (action === 'update' || action === 'delete') {
      // Someone else's change replaced (or cleared) a value this person had chosen.
      const previous = current.left;
      if (previous && previous.id.client === self && current.id.client !== self && event.deletes(previous))
        found.push({
          stageId,
          field,
          mine: valueOf(previous),
          theirs: action === 'delete' ? undefined : valueOf(current),
          theirsKnown: true,
          by: current.id.client,
          kept: 'theirs',
        });
    } else if (!event.keys.has(field) && current.id.client === self && !current.deleted) {
      // This person's value stands, but a change from someone else arrived and lost to it.
      for (let item = current.left; item; item = item.left) {
        if (event.adds(item) && item.id.client !== self) {
          found.push({
            stageId,
            field,
            mine: valueOf(current),
            theirs: valueOf(item),
            theirsKnown: hasValue(item),
            by: item.id.client,
            kept: 'mine',
          });
          break;
        }
      }
    }
  }
  return found;
}

/**
 * Call `report` with every overwrite that a change from someone else makes to a choice of this
 * document's own client (`doc.clientID`). Returns a function that stops watching.
 */
export function watchOverwrites(doc: Y.Doc, report: (overwrites: Overwrite[]) => void): () => void {
  const { stages } = journeyMaps(doc);
  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (transaction.local) return;
    const found: Overwrite[] = [];
    for (const event of events) {
      const stage = event.target;
      if (!(event instanceof Y.YMapEvent) || stage.parent !== stages) continue;
      const stageId = stage._item?.parentSub;
      if (stageId) found.push(...overwritesIn(event, stageId, doc.clientID));
    }
    if (found.length > 0) report(found);
  };
  stages.observeDeep(observer);
  return () => stages.unobserveDeep(observer);
}
