/**
 * Where this person's single choice (a stage's level, feeling or place in the story) met
 * someone else's: who, from what to what, and a button to put either back. Shown until dealt
 * with, so a choice never changes without a word (see `watchOverwrites`).
 */
import { FeelingSchema, levelOf, ProgressRatingSchema, type Journey, type StageId } from '../../../src/model/index.ts';
import { setFeeling, setProgressLevel, setStageOrder, type Overwrite } from '../../../src/doc/index.ts';
import { FEELING_WORDS } from '../../lib/format.ts';
import type { JourneySession, OverwriteNotice } from './journey-session.ts';

const FIELD_WORDS: Record<Overwrite['field'], string> = {
  feeling: 'the feeling',
  progress: 'the level',
  order: 'the place in the story',
};

function describe(journey: Journey, field: Overwrite['field'], value: unknown): string {
  if (value === undefined) return 'nothing';
  if (field === 'feeling') {
    const feeling = FeelingSchema.safeParse(value);
    return feeling.success ? `“${FEELING_WORDS[feeling.data]}”` : 'something else';
  }
  if (field === 'progress') {
    const rating = ProgressRatingSchema.safeParse(value);
    return rating.success
      ? `“${levelOf(journey.scale, rating.data.level)?.label ?? rating.data.level}”`
      : 'something else';
  }
  return 'another place';
}

/** Make the stage show `value` for `field` again, as this person's own change (undoable). */
function putBack(session: JourneySession, notice: Overwrite, value: unknown): void {
  const { doc, origin } = session;
  const id = notice.stageId as StageId;
  session.step(() => {
    if (notice.field === 'feeling')
      setFeeling(doc, id, value === undefined ? null : FeelingSchema.parse(value), origin);
    else if (notice.field === 'progress')
      setProgressLevel(doc, id, value === undefined ? null : ProgressRatingSchema.parse(value), origin);
    else if (typeof value === 'number') setStageOrder(doc, id, value, origin);
  });
}

export function OverwriteNotices({ session, journey }: { session: JourneySession; journey: Journey }) {
  const notices = session.overwrites();
  if (notices.length === 0) return null;
  const text = (notice: OverwriteNotice) => {
    const title = journey.stages.find((s) => s.id === notice.stageId)?.title ?? 'a stage';
    const field = FIELD_WORDS[notice.field];
    const mine = describe(journey, notice.field, notice.mine);
    const theirs = describe(journey, notice.field, notice.theirs);
    const by = session.nameOf(notice.by) ?? 'Someone who was offline';
    return notice.kept === 'theirs'
      ? notice.field === 'order'
        ? `${by} moved “${title}” after you had.`
        : `${by} changed ${field} of “${title}” from your ${mine} to ${theirs}.`
      : notice.theirsKnown
        ? `${by} chose ${theirs} for ${field} of “${title}” at the same time as you. Yours, ${mine}, is shown.`
        : `${by} changed ${field} of “${title}” at the same time as you. Yours, ${mine}, is shown; ${by} was told.`;
  };
  return (
    <section className="overwrites" aria-label="Changes that met yours">
      <ul>
        {notices.map((notice) => (
          <li key={notice.key} role="alert">
            <p>{text(notice)}</p>
            <div className="row">
              {(notice.kept === 'theirs' || notice.theirsKnown) && (
                <button
                  type="button"
                  onClick={() => {
                    putBack(session, notice, notice.kept === 'theirs' ? notice.mine : notice.theirs);
                    session.dismissOverwrite(notice.key);
                  }}
                >
                  {notice.kept === 'theirs' ? 'Put mine back' : 'Use theirs'}
                </button>
              )}
              <button type="button" className="quiet" onClick={() => session.dismissOverwrite(notice.key)}>
                {notice.kept === 'theirs' ? 'Keep theirs' : notice.theirsKnown ? 'Keep mine' : 'OK'}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
