/**
 * "Who is in your family?": the family's members, by the names they chose, with their role and
 * age band. Each can be changed or removed where it is listed; removing someone first says
 * plainly what happens to the stages in their words, and can be undone. Opened from the map's
 * toolbar; on a tablet it is a sheet over the map, like a stage's panel.
 */
import { useState } from 'react';
import { addMember, editMember, removeMember } from '../../../src/doc/index.ts';
import type { FamilyMember, Journey } from '../../../src/model/index.ts';
import { AGE_BAND_WORDS, inFamilyOrder, ROLE_WORDS } from '../../lib/member-words.ts';
import { attempt } from '../common/attempt.ts';
import { Problem } from '../common/Problem.tsx';
import type { JourneySession } from './journey-session.ts';
import { MemberForm } from './MemberForm.tsx';
import './family-members.css';

interface Props {
  session: JourneySession;
  journey: Journey;
  readOnly: boolean;
}

const stagesWord = (n: number) => (n === 1 ? '1 stage' : `${n} stages`);

/** What removing a member does to the stages that name them, in plain sentences. */
function whatRemovingDoes(member: FamilyMember, journey: Journey): string[] {
  const spoken = journey.stages.filter((s) => s.speakerId === member.id).length;
  const dated = journey.stages.filter((s) => s.when?.kind === 'age' && s.when.memberId === member.id).length;
  const said: string[] = [];
  if (spoken > 0)
    said.push(
      `${stagesWord(spoken)} ${spoken === 1 ? 'is' : 'are'} in their words. ${spoken === 1 ? 'It' : 'They'} will say “the family” instead.`,
    );
  if (dated > 0)
    said.push(
      `${stagesWord(dated)} ${dated === 1 ? 'is' : 'are'} dated by how old they were. The date stays, in words.`,
    );
  if (said.length === 0) said.push('No stage names them.');
  return said;
}

export function FamilyMembers({ session, journey, readOnly }: Props) {
  const { doc, origin } = session;
  const members = inFamilyOrder(journey.family.members);
  const [changing, setChanging] = useState<string | undefined>();
  const [removing, setRemoving] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  // What was just done, said in a live region: "Added", then the name, then the rest.
  const [news, setNews] = useState<{ did: string; name: string; then?: string } | undefined>();

  return (
    <section className="family-members panel" aria-label="Family members">
      <h2>Who is in your family?</h2>
      <p className="meta">Their names show on the map and beside their words.</p>
      <p role="status" className="member-news">
        {news && (
          <>
            {news.did} <span dir="auto">{news.name}</span>.{news.then && ` ${news.then}`}
          </>
        )}
      </p>
      <Problem text={problem} />
      {members.length === 0 ? (
        <p>Nobody added yet.</p>
      ) : (
        <ul className="member-list">
          {members.map((member) => (
            <li key={member.id}>
              {changing === member.id ? (
                <MemberForm
                  member={member}
                  label={`Change ${member.pseudonym}`}
                  submitLabel="Save changes"
                  onCancel={() => setChanging(undefined)}
                  onSave={(fields) => {
                    const refused = attempt(session, () => editMember(doc, member.id, fields, origin));
                    if (!refused) {
                      setChanging(undefined);
                      setNews({ did: 'Saved the changes to', name: fields.pseudonym.trim() });
                    }
                    return refused;
                  }}
                />
              ) : (
                <>
                  <p className="member">
                    <strong dir="auto">{member.pseudonym}</strong>
                    <span className="meta">
                      {' '}
                      {ROLE_WORDS[member.role]},{' '}
                      {member.ageBand === 'unknown'
                        ? 'age not said'
                        : `aged ${AGE_BAND_WORDS[member.ageBand].toLowerCase()}`}
                    </span>
                  </p>
                  {removing === member.id ? (
                    <div className="confirm-remove" role="group" aria-label={`Remove ${member.pseudonym}?`}>
                      <p>
                        Remove <span dir="auto">{member.pseudonym}</span>?
                      </p>
                      {whatRemovingDoes(member, journey).map((line) => (
                        <p key={line}>{line}</p>
                      ))}
                      <p>You can undo this.</p>
                      <div className="row">
                        <button
                          type="button"
                          className="danger"
                          onClick={() => {
                            const refused = attempt(session, () => removeMember(doc, member.id, origin));
                            setProblem(refused);
                            setRemoving(undefined);
                            if (!refused)
                              setNews({
                                did: 'Removed',
                                name: member.pseudonym,
                                then: 'Undo, at the top, puts them back.',
                              });
                          }}
                        >
                          Yes, remove them
                        </button>
                        <button type="button" className="quiet" onClick={() => setRemoving(undefined)}>
                          No, keep them
                        </button>
                      </div>
                    </div>
                  ) : (
                    !readOnly && (
                      <div className="row">
                        <button type="button" onClick={() => setChanging(member.id)}>
                          Change
                          <span className="visually-hidden" dir="auto">
                            {' '}
                            {member.pseudonym}
                          </span>
                        </button>
                        <button type="button" className="danger" onClick={() => setRemoving(member.id)}>
                          Remove
                          <span className="visually-hidden" dir="auto">
                            {' '}
                            {member.pseudonym}
                          </span>
                        </button>
                      </div>
                    )
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <>
          <h3>Add someone</h3>
          <MemberForm
            label="Add someone"
            submitLabel="Add to the family"
            onSave={(fields) => {
              const refused = attempt(session, () => addMember(doc, fields, origin));
              if (!refused) setNews({ did: 'Added', name: fields.pseudonym.trim() });
              return refused;
            }}
          />
        </>
      )}
    </section>
  );
}
