/**
 * "Set up a passkey" on the enrol page: the other way to finish enrolling, instead of a
 * password. The first admin's account is new, so the name and email typed in the page's form
 * go with it (checked by the server before the device is asked). Done, the person is signed in
 * and lands on their account page.
 */
import { useState } from 'react';
import { PasskeyProblemNote } from './PasskeyProblemNote.tsx';
import { registerPasskey, type PasskeyProblem } from './passkey-requests.ts';
import { useHydrated } from './use-hydrated.ts';

/** The enrol form's fields the first admin fills in, by the names the server checks them under. */
const ACCOUNT_FIELDS = {
  name: { label: 'Your name', id: 'enrol-name' },
  email: { label: 'Your email address', id: 'enrol-email' },
} as const;

const typedIn = (id: string): string => (document.getElementById(id) as HTMLInputElement | null)?.value ?? '';

export default function PasskeyEnrol({ needsAccount }: { needsAccount: boolean }) {
  const hydrated = useHydrated();
  const [waiting, setWaiting] = useState(false);
  const [problem, setProblem] = useState<PasskeyProblem>();

  const setUp = async () => {
    setProblem(undefined);
    setWaiting(true);
    const account: Record<string, string> = needsAccount
      ? { name: typedIn(ACCOUNT_FIELDS.name.id), email: typedIn(ACCOUNT_FIELDS.email.id) }
      : {};
    const outcome = await registerPasskey('enrol', account, 'or choose a password instead');
    if (outcome.ok) return window.location.assign(outcome.next);
    setWaiting(false);
    setProblem(outcome.problem);
  };

  return (
    <div className="passkey-action">
      <button type="button" onClick={() => void setUp()} disabled={!hydrated || waiting}>
        Set up a passkey and sign in
      </button>
      <p role="status" className="meta">
        {waiting ? 'Waiting for your device: follow what it asks.' : ''}
      </p>
      <PasskeyProblemNote problem={problem} fields={needsAccount ? ACCOUNT_FIELDS : {}} />
    </div>
  );
}
