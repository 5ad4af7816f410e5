/**
 * A passkey ceremony's problem, beside its button: announced as it appears (role=alert). Fields
 * at fault are listed as links to them, the way the error summary does, named as the page names
 * them.
 */
import type { PasskeyProblem } from './passkey-requests.ts';

export interface FieldOnPage {
  label: string;
  /** The input's id on the page. */
  id: string;
}

export function PasskeyProblemNote({
  problem,
  fields = {},
}: {
  problem: PasskeyProblem | undefined;
  fields?: Readonly<Record<string, FieldOnPage>>;
}) {
  const known = (problem?.fields ?? []).flatMap((f) => {
    const onPage = fields[f.field];
    return onPage ? [{ ...f, ...onPage }] : [];
  });
  return (
    <div role="alert" className="passkey-problem">
      {problem && known.length === 0 && <p>{problem.text}</p>}
      {known.length > 0 && (
        <ul>
          {known.map((f) => (
            <li key={f.field}>
              <a href={`#${f.id}`}>
                {f.label}: {f.reason}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
