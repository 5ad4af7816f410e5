/**
 * What the passkey endpoints (pages/api/passkeys/) share: they take JSON from our own pages
 * only, answer problems as `{ error, problems: [{ field, reason }] }`, keep each ceremony's
 * challenge under an HttpOnly cookie that only these endpoints receive, and set the session
 * cookie once someone has proved who they are.
 */
import type { APIContext } from 'astro';
import { z } from 'zod';
import type { Ceremony, Waiting } from '../../server/auth/passkey-challenges.ts';
import { CHALLENGE_SECONDS } from '../../server/auth/passkey-challenges.ts';
import { relyingParty, type RelyingParty } from '../../server/auth/passkeys.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../../server/auth/staff-sessions.ts';
import { reachedAt } from '../../server/http/forwarded.ts';
import { bodyError } from './forms.ts';

type Context = Pick<APIContext, 'request' | 'url' | 'cookies' | 'locals'>;

const CHALLENGE_COOKIE = 'tp_passkey';
const API_PATH = '/api/passkeys';

/** An answer the islands show as it is: `error` in words, and each field at fault. */
export function refusal(status: number, error: string, problems: { field: string; reason: string }[] = []): Response {
  return Response.json(problems.length > 0 ? { error, problems } : { error }, { status });
}

/**
 * Whether the request comes from a page of this site. The middleware's origin check covers
 * only what a plain HTML form can send, because a page elsewhere cannot send JSON here without
 * a CORS preflight, which we never answer. These endpoints decide who is signed in and what an
 * account signs in with, so they do not rest on every browser getting that right: the Origin
 * header must name this site (or PUBLIC_URL), as WebAuthn itself ties what is signed to it.
 */
export function refuseUnlessFromUs(context: Context): Response | undefined {
  const { config } = context.locals.services;
  const ours = new Set([
    reachedAt(context.request.headers, context.url, config.trustProxy).origin,
    ...(config.publicUrl ? [new URL(config.publicUrl).origin] : []),
  ]);
  const origin = context.request.headers.get('origin');
  if (origin !== null && ours.has(origin)) return undefined;
  return refusal(403, 'Passkeys can only be used from the pages of this site: open the sign-in page and try again.');
}

/** Base64url text, as WebAuthn answers are sent. */
const base64url = () =>
  z
    .string({ error: 'send base64url text' })
    .regex(/^[A-Za-z0-9_-]+$/, 'send base64url text (A-Z, a-z, 0-9, - and _ only)')
    .max(16_384, 'at most 16384 characters');

const answerParts = {
  id: base64url(),
  rawId: base64url(),
  type: z.literal('public-key', { error: 'must be "public-key"' }),
  clientExtensionResults: z.looseObject({}, { error: 'send an object' }),
};

/**
 * The browser's answer to a registration, as @simplewebauthn/browser sends it: its shape is
 * checked here, so a malformed one is refused field by field; the library checks what it says.
 */
export const RegistrationAnswer = z.looseObject({
  ...answerParts,
  response: z.looseObject(
    {
      clientDataJSON: base64url(),
      attestationObject: base64url(),
      transports: z.array(z.string().max(40)).max(12).optional(),
    },
    { error: 'send the authenticator’s answer as an object' },
  ),
});

/** The browser's answer to a sign-in, as @simplewebauthn/browser sends it. */
export const AuthenticationAnswer = z.looseObject({
  ...answerParts,
  response: z.looseObject(
    {
      clientDataJSON: base64url(),
      authenticatorData: base64url(),
      signature: base64url(),
      userHandle: base64url().optional(),
    },
    { error: 'send the authenticator’s answer as an object' },
  ),
});

/** A JSON body of exactly these fields. */
export const bodyOf = <Shape extends z.core.$ZodLooseShape>(shape: Shape, what: string) =>
  z.strictObject(shape, { error: bodyError(what) });

/** The body, checked; or the 400 that says what is wrong with it, field by field. */
export async function readBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
): Promise<{ ok: true; body: z.output<Schema> } | { ok: false; response: Response }> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  const notJson = {
    ok: false,
    response: refusal(400, 'the body is not JSON', [
      { field: '(body)', reason: 'send a JSON object, with Content-Type: application/json' },
    ]),
  } as const;
  if (type !== 'application/json') return notJson;
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    return notJson;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, body: parsed.data };
  const problems = parsed.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
    reason: issue.message,
  }));
  return { ok: false, response: refusal(400, 'the request is not valid', problems) };
}

/** This site as WebAuthn sees it, for this request. */
export const relyingPartyOf = (context: Context): RelyingParty =>
  relyingParty(context.locals.services.config, context.request.headers, context.url);

const secureCookies = (context: Context): boolean => {
  const { config } = context.locals.services;
  return (
    !!config.publicUrl?.startsWith('https:') ||
    reachedAt(context.request.headers, context.url, config.trustProxy).secure
  );
};

/** Keep the challenge just handed out; the browser holds its id, for these endpoints only. */
export async function keepChallenge(context: Context, challenge: string, ceremony: Ceremony): Promise<void> {
  const id = await context.locals.services.passkeyChallenges.keep(challenge, ceremony);
  context.cookies.set(CHALLENGE_COOKIE, id, {
    httpOnly: true,
    sameSite: 'strict',
    secure: secureCookies(context),
    path: API_PATH,
    maxAge: CHALLENGE_SECONDS,
  });
}

/** The challenge this browser was handed, used up whatever comes of the answer. */
export async function takeChallenge(context: Context): Promise<Waiting | undefined> {
  const waiting = await context.locals.services.passkeyChallenges.take(context.cookies.get(CHALLENGE_COOKIE)?.value);
  context.cookies.delete(CHALLENGE_COOKIE, { path: API_PATH });
  return waiting;
}

/** The challenge, if this browser was handed one for this kind of ceremony. */
export function challengeFor<Kind extends Ceremony['kind']>(
  waiting: Waiting | undefined,
  kind: Kind,
): { challenge: string; ceremony: Extract<Ceremony, { kind: Kind }> } | undefined {
  if (!waiting || waiting.ceremony.kind !== kind) return undefined;
  return waiting as { challenge: string; ceremony: Extract<Ceremony, { kind: Kind }> };
}

/** Sign this browser in with the session just started. */
export function setSession(context: Context, cookie: string): void {
  context.cookies.set(SESSION_COOKIE, cookie, sessionCookieOptions(secureCookies(context)));
}

/** Said when a challenge is missing, expired or for something else: nothing to do but start again. */
export const START_AGAIN = 'This took too long, or was started in another tab. Press the button to try again.';

export const LINK_GONE = 'This enrolment link does not work any more. Ask an admin of your project for a new one.';

export const EMAIL_TAKEN = 'there is an account with this email address already: sign in with it, or use another';
