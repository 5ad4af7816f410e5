/**
 * The invite form both invite pages post (a journey's, a theory of change's): which role, for how
 * long. Checked with zod; a good one becomes a grant (a server record, listed on the invite page
 * and revocable there) and its token, and for people who open the
 * page (not evaluators, who only call the API) a link. A refused one comes back
 * with its problems, by field, and the choices as made, for the page to show again.
 *
 * The page shows a new invite once, after the redirect that follows the form (shown-once.ts):
 * `keepInvite` keeps it for that showing, `inviteToShow` takes it back, with its QR code.
 */
import { renderSVG } from 'uqr';
import { z } from 'zod';
import { issueGrant } from '../../server/auth/grants.ts';
import { ROLES, type Role } from '../../server/auth/tokens.ts';
import type { AccessRecords } from '../../server/storage/access-records.ts';
import { problemsOf, typed, type FieldProblem } from './forms.ts';
import { keepForOneShowing, takeOneShowing } from './shown-once.ts';

/** A new invite: a link for people who open the page, or the bare token for an evaluator's tools. */
export type Invite = { role: Role; link: string; expires: Date } | { role: Role; token: string; expires: Date };

/** An invite as the page shows it once: a link also has its QR code, to scan from a tablet. */
export type ShownInvite =
  { role: Role; link: string; qr: string; expires: Date } | { role: Role; token: string; expires: Date };

export interface InviteOptions {
  access: AccessRecords;
  secret: Buffer;
  /** Who issues it (`staff:<id>`), kept with the grant and in the audit log. */
  createdBy: string;
  docId: string;
  /** The page an invited person opens, e.g. `https://…/journeys/<id>`. */
  pageUrl: string;
  roles: readonly [Role, ...Role[]];
  maxHours: number;
  projectId?: string;
  /** Roles that get the bare token (for the API) instead of a link. */
  tokenOnly?: readonly Role[];
}

/** The form's fields in order, with the names people know them by. */
export const INVITE_LABELS = { role: 'They join as', hours: 'The link works for' } as const;

/** The form as chosen, to show it again. */
export interface InviteValues {
  role: string;
  hours: string;
}

export type InviteOutcome =
  { ok: true; invite: Invite; values: InviteValues } | { ok: false; problems: FieldProblem[]; values: InviteValues };

const WHAT_ROLES_DO: Record<Role, string> = {
  facilitator: 'run the session (facilitator)',
  participant: 'add to it and change it (participant)',
  viewer: 'only look (viewer)',
  evaluator: 'pull its exports through the API (evaluator)',
};

const either = (choices: readonly string[]) =>
  choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : (choices[0] ?? '');

/** The invite the posted form asks for, or what is wrong with the form, field by field. */
export async function inviteFromForm(request: Request, options: InviteOptions): Promise<InviteOutcome> {
  const hours = `choose how long it works, from an hour to ${options.maxHours / 24} days`;
  const InviteForm = z.strictObject({
    role: z.enum(options.roles, {
      error: `choose whether they can ${either(options.roles.map((role) => WHAT_ROLES_DO[role]))}`,
    }),
    hours: z.coerce.number({ error: hours }).int(hours).min(1, hours).max(options.maxHours, hours),
  });
  const form = await request.formData().catch(() => undefined);
  const values = { role: typed(form, 'role'), hours: typed(form, 'hours') };
  const parsed = InviteForm.safeParse(values);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, Object.keys(INVITE_LABELS)), values };
  const { role } = parsed.data;
  const { token, grant } = await issueGrant(options.access, options.secret, {
    kind: role === 'evaluator' ? 'evaluator' : 'invite',
    docId: options.docId,
    role,
    hours: parsed.data.hours,
    createdBy: options.createdBy,
  });
  await options.access.audit({
    action: role === 'evaluator' ? 'evaluator-token.issue' : 'invite.issue',
    outcome: 'ok',
    actor: options.createdBy,
    docId: options.docId,
    ...(options.projectId === undefined ? {} : { projectId: options.projectId }),
    subject: grant.id,
    detail: role,
  });
  const expires = new Date(grant.expiresAt);
  if (options.tokenOnly?.includes(role)) return { ok: true, invite: { role, token, expires }, values };
  return { ok: true, invite: { role, link: `${options.pageUrl}?invite=${token}`, expires }, values };
}

const KeptInvite = z.union([
  z.object({ role: z.enum(ROLES), link: z.string(), expires: z.iso.datetime() }),
  z.object({ role: z.enum(ROLES), token: z.string(), expires: z.iso.datetime() }),
]);

type Context = Parameters<typeof keepForOneShowing>[0];

/** Keep a new invite for the next showing of this invite page to the staff member who made it. */
export function keepInvite(context: Context, staffId: string, invite: Invite): void {
  keepForOneShowing(context, staffId, { ...invite, expires: invite.expires.toISOString() });
}

/** The invite this staff member just made on this page, to show this once; undefined after that. */
export function inviteToShow(context: Context, staffId: string): ShownInvite | undefined {
  const kept = takeOneShowing(context, staffId, KeptInvite);
  if (!kept) return undefined;
  const expires = new Date(kept.expires);
  if ('token' in kept) return { role: kept.role, token: kept.token, expires };
  // The SVG is drawn by the QR library from a link we built; it holds no user text.
  return { role: kept.role, link: kept.link, qr: renderSVG(kept.link, { border: 2 }), expires };
}
