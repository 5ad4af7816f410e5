/**
 * One family member's name, role and age band, as a small form: to add someone or to change
 * them. The boxes are checked before anything is written; what is wrong is listed at the top
 * (GOV.UK's error summary, focused so it is read first) and said beside each box.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { memberIssues, PSEUDONYM_LIMIT, type MemberFieldsInput } from '../../../src/doc/index.ts';
import { AGE_BANDS, FAMILY_ROLES, type FamilyMember } from '../../../src/model/index.ts';
import { AGE_BAND_WORDS, ROLE_WORDS } from '../../lib/member-words.ts';

type Field = 'pseudonym' | 'role' | 'ageBand';
type Draft = Record<Field, string>;

interface Props {
  /** The member being changed; none to add someone. */
  member?: FamilyMember;
  /** The form's name for assistive technology ("Add someone", "Change Kerry"). */
  label: string;
  submitLabel: string;
  /** Write the checked fields; returns why the document refused them, if it did. */
  onSave: (fields: MemberFieldsInput) => string | undefined;
  onCancel?: () => void;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function MemberForm({ member, label, submitLabel, onSave, onCancel }: Props) {
  const base = useId();
  const idOf = (field: Field) => `${base}-${field}`;
  const empty: Draft = { pseudonym: '', role: '', ageBand: 'unknown' };
  const [draft, setDraft] = useState<Draft>(() =>
    member ? { pseudonym: member.pseudonym, role: member.role, ageBand: member.ageBand } : empty,
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | undefined>();
  const summary = useRef<HTMLDivElement>(null);
  const [tries, setTries] = useState(0);
  useEffect(() => {
    if (tries > 0) summary.current?.focus();
  }, [tries]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields = draft as MemberFieldsInput;
    const found: Partial<Record<Field, string>> = {};
    for (const issue of memberIssues(fields)) {
      const field = issue.path.slice(2) as Field;
      found[field] ??= capitalised(issue.message);
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setTries((n) => n + 1);
      return;
    }
    const refused = onSave(fields);
    setProblem(refused);
    if (!refused && !member) setDraft(empty);
  };

  const boxProps = (field: Field) => ({
    id: idOf(field),
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `${idOf(field)}-error` : undefined,
  });
  const errorOf = (field: Field) =>
    errors[field] && (
      <p id={`${idOf(field)}-error`} className="field-error">
        <span className="visually-hidden">Error: </span>
        {errors[field]}
      </p>
    );
  const change = (field: Field) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((d) => ({ ...d, [field]: value }));
  };
  const listed = (Object.keys(errors) as Field[]).filter((f) => errors[f]);

  return (
    <form className="member-form" aria-label={label} onSubmit={submit} noValidate>
      {listed.length > 0 && (
        <div className="error-summary" tabIndex={-1} ref={summary} aria-labelledby={`${base}-summary`}>
          <div role="alert">
            <h4 id={`${base}-summary`}>There is a problem</h4>
            <ul>
              {listed.map((field) => (
                <li key={field}>
                  <a
                    href={`#${idOf(field)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(idOf(field))?.focus();
                    }}
                  >
                    {errors[field]}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <div className={errors.pseudonym ? 'member-field has-error' : 'member-field'}>
        <label htmlFor={idOf('pseudonym')}>Name</label>
        <p className="hint" id={`${idOf('pseudonym')}-hint`}>
          A made-up name is fine. Up to {PSEUDONYM_LIMIT} characters.
        </p>
        {errorOf('pseudonym')}
        <input
          {...boxProps('pseudonym')}
          aria-describedby={[`${idOf('pseudonym')}-hint`, errors.pseudonym && `${idOf('pseudonym')}-error`]
            .filter(Boolean)
            .join(' ')}
          dir="auto"
          autoComplete="off"
          value={draft.pseudonym}
          onChange={change('pseudonym')}
        />
      </div>
      <div className={errors.role ? 'member-field has-error' : 'member-field'}>
        <label htmlFor={idOf('role')}>Who they are in the family</label>
        {errorOf('role')}
        <select {...boxProps('role')} value={draft.role} onChange={change('role')}>
          <option value="">Choose one</option>
          {FAMILY_ROLES.map((role) => (
            <option key={role} value={role}>
              {capitalised(ROLE_WORDS[role])}
            </option>
          ))}
        </select>
      </div>
      <div className={errors.ageBand ? 'member-field has-error' : 'member-field'}>
        <label htmlFor={idOf('ageBand')}>How old they are</label>
        {errorOf('ageBand')}
        <select {...boxProps('ageBand')} value={draft.ageBand} onChange={change('ageBand')}>
          {AGE_BANDS.map((band) => (
            <option key={band} value={band}>
              {AGE_BAND_WORDS[band]}
            </option>
          ))}
        </select>
      </div>
      {problem && (
        <p className="note" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit">{submitLabel}</button>
        {onCancel && (
          <button type="button" className="quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
