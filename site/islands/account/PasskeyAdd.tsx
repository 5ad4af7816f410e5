/**
 * "Add a passkey" on the account page, for a signed-in staff member: they name it (to tell
 * their passkeys apart), their device makes it, and the page shows it in their list.
 */
import { useId, useState } from 'react';
import { PasskeyProblemNote } from './PasskeyProblemNote.tsx';
import { registerPasskey, type PasskeyProblem } from './passkey-requests.ts';
import { useHydrated } from './use-hydrated.ts';

export default function PasskeyAdd({ maxLabel }: { maxLabel: number }) {
  const hydrated = useHydrated();
  const id = useId();
  const [label, setLabel] = useState('');
  const [waiting, setWaiting] = useState(false);
  const [problem, setProblem] = useState<PasskeyProblem>();
  const labelProblem = problem?.fields.find((f) => f.field === 'label')?.reason;

  const add = async () => {
    setProblem(undefined);
    setWaiting(true);
    const outcome = await registerPasskey('add', { label }, 'or keep signing in as you do now');
    if (outcome.ok) return window.location.assign(outcome.next);
    setWaiting(false);
    setProblem(outcome.problem);
  };

  return (
    <div className="passkey-action stack">
      <div className={labelProblem ? 'field has-error' : 'field'}>
        <label htmlFor={`${id}-label`}>Name for the new passkey</label>
        <p className="hint" id={`${id}-hint`}>
          So you can tell your passkeys apart, like “work laptop” or “phone”. At most {maxLabel} characters.
        </p>
        <input
          id={`${id}-label`}
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          aria-invalid={labelProblem ? 'true' : undefined}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
        />
      </div>
      <button type="button" onClick={() => void add()} disabled={!hydrated || waiting}>
        Add a passkey
      </button>
      <p role="status" className="meta">
        {waiting ? 'Waiting for your device: follow what it asks.' : ''}
      </p>
      <PasskeyProblemNote
        problem={problem}
        fields={{ label: { label: 'Name for the new passkey', id: `${id}-label` } }}
      />
    </div>
  );
}
