/**
 * "Whose words are these?": one of the family, or not said (then the words read as the
 * family's). Shown under the words on the card and in the list view.
 */
import { memo, useId, useState } from 'react';
import { setSpeaker } from '../../../src/doc/index.ts';
import type { MemberId } from '../../../src/model/index.ts';
import { inFamilyOrder, memberWords } from '../../lib/member-words.ts';
import { attempt } from '../common/attempt.ts';
import { Problem } from '../common/Problem.tsx';
import type { StageContext } from './CostEvents.tsx';
import './family-members.css';

type Props = Pick<StageContext, 'session' | 'journey' | 'stage' | 'readOnly'>;

function StageSpeakerView({ session, journey, stage, readOnly }: Props) {
  const id = useId();
  const [problem, setProblem] = useState<string | undefined>();
  const members = inFamilyOrder(journey.family.members);
  return (
    <div className="speaker-picker">
      <label htmlFor={id}>Whose words are these?</label>
      {members.length === 0 && (
        <p className="meta" id={`${id}-hint`}>
          To choose who said them, add your family first with “Family members” at the top.
        </p>
      )}
      <select
        id={id}
        aria-describedby={members.length === 0 ? `${id}-hint` : undefined}
        value={stage.speakerId ?? ''}
        disabled={readOnly}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setProblem(
            attempt(session, () =>
              setSpeaker(session.doc, stage.id, value ? (value as MemberId) : null, session.origin),
            ),
          );
        }}
      >
        <option value="">Not said (the family)</option>
        {members.map((member) => (
          <option key={member.id} value={member.id} dir="auto">
            {memberWords(member)}
          </option>
        ))}
      </select>
      <Problem text={problem} />
    </div>
  );
}

export const StageSpeaker = memo(StageSpeakerView);
