/**
 * The browser's side of a passkey ceremony: ask our endpoint for options, hand them to the
 * device (through @simplewebauthn/browser), send its answer back. Whatever goes wrong, the
 * person gets a sentence saying what happened and what to do, never a silent console line.
 */
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

/** What went wrong: a sentence, and any fields at fault with what to do about each. */
export interface PasskeyProblem {
  text: string;
  fields: { field: string; reason: string }[];
}

type Outcome = { ok: true; next: string } | { ok: false; problem: PasskeyProblem };

const said = (text: string): { ok: false; problem: PasskeyProblem } => ({ ok: false, problem: { text, fields: [] } });

/** POST JSON to one of our endpoints; its JSON answer, or the problem it (or the network) reported. */
async function post<T>(
  path: string,
  body: unknown,
): Promise<{ ok: true; body: T } | { ok: false; problem: PasskeyProblem }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    return said('The server could not be reached. Check your connection, then try again.');
  }
  const json = (await response.json().catch(() => undefined)) as
    { error?: string; problems?: PasskeyProblem['fields'] } | undefined;
  if (response.ok && json) return { ok: true, body: json as T };
  const fields = json?.problems ?? [];
  return {
    ok: false,
    problem: { text: json?.error ?? `Something went wrong on the server (${response.status}). Try again.`, fields },
  };
}

/** The device's refusal in words. `otherwise` is what else the person can do (use a password). */
function deviceProblem(error: unknown, otherwise: string): { ok: false; problem: PasskeyProblem } {
  const code = error instanceof WebAuthnError ? error.code : undefined;
  const name =
    error instanceof WebAuthnError ? (error.cause as Error | undefined)?.name : (error as Error | undefined)?.name;
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
    return said('This device has a passkey for your account here already: you can sign in with it.');
  if (name === 'NotAllowedError' || name === 'AbortError')
    return said(`No passkey was used: it was cancelled, or took too long. Try again, ${otherwise}.`);
  if (code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError')
    return said(
      `Passkeys do not work at this address. Open Turning Points at its usual address and try again, ${otherwise}.`,
    );
  if (name === 'NotSupportedError' || name === 'ConstraintError')
    return said(
      `This device cannot keep a passkey that unlocks with your fingerprint, face or PIN. Try another device, ${otherwise}.`,
    );
  return said(`Your device could not use a passkey. Try again, ${otherwise}.`);
}

const unsupported = (otherwise: string) =>
  said(`This browser cannot use passkeys. Try an up-to-date browser, ${otherwise}.`);

/** Sign in with whichever passkey for this site the person's device offers. */
export async function signInWithPasskey(): Promise<Outcome> {
  const otherwise = 'or sign in with your password';
  if (!browserSupportsWebAuthn()) return unsupported(otherwise);
  const options = await post<PublicKeyCredentialRequestOptionsJSON>('/api/passkeys/signin/options', {});
  if (!options.ok) return options;
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options.body });
  } catch (error) {
    return deviceProblem(error, otherwise);
  }
  const done = await post<{ next: string }>('/api/passkeys/signin/verify', { response });
  return done.ok ? { ok: true, next: done.body.next } : done;
}

/**
 * Make a passkey through one of the registration endpoints (`enrol`, `add`), sending `details`
 * (a name, an account) with the request for options, where they are checked before the device
 * is asked.
 */
export async function registerPasskey(
  ceremony: 'enrol' | 'add',
  details: Record<string, string>,
  otherwise: string,
): Promise<Outcome> {
  if (!browserSupportsWebAuthn()) return unsupported(otherwise);
  const options = await post<PublicKeyCredentialCreationOptionsJSON>(`/api/passkeys/${ceremony}/options`, details);
  if (!options.ok) return options;
  let response;
  try {
    response = await startRegistration({ optionsJSON: options.body });
  } catch (error) {
    return deviceProblem(error, otherwise);
  }
  const done = await post<{ next: string }>(`/api/passkeys/${ceremony}/verify`, { response });
  return done.ok ? { ok: true, next: done.body.next } : done;
}
