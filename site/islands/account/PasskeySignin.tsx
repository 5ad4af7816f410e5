/**
 * "Sign in with a passkey" on the sign-in page. The device offers the passkeys it holds for
 * this site, so nothing is typed; once it has answered and the server has checked it, the
 * person is signed in and goes home.
 */
import { useState } from 'react';
import { PasskeyProblemNote } from './PasskeyProblemNote.tsx';
import { signInWithPasskey, type PasskeyProblem } from './passkey-requests.ts';
import { useHydrated } from './use-hydrated.ts';

export default function PasskeySignin() {
  const hydrated = useHydrated();
  const [waiting, setWaiting] = useState(false);
  const [problem, setProblem] = useState<PasskeyProblem>();

  const signIn = async () => {
    setProblem(undefined);
    setWaiting(true);
    const outcome = await signInWithPasskey();
    if (outcome.ok) return window.location.assign(outcome.next);
    setWaiting(false);
    setProblem(outcome.problem);
  };

  return (
    <div className="passkey-action">
      <button type="button" onClick={() => void signIn()} disabled={!hydrated || waiting}>
        Sign in with a passkey
      </button>
      <p role="status" className="meta">
        {waiting ? 'Waiting for your device: follow what it asks.' : ''}
      </p>
      <PasskeyProblemNote problem={problem} />
    </div>
  );
}
