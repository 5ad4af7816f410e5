/**
 * The invite form both invite pages post (a journey's, a theory of change's): which role, for how
 * long. Checked with zod; a good one becomes a grant (a server record, listed on the invite page
 * and revocable there) and its token, and for people who open the
 * page (not evaluators, who only call the API) a link with its QR code. A refused one comes back
 * with its problems, by field, and the choices as made, for the page to show again.
 */
import { renderSVG } from 'uqr';
import { z } from 'zod';
import { issueGrant } from '../../server/auth/grants.ts';
import type { Role } from '../../server/auth/tokens.ts';
import type { AccessRecords } from '../../server/storage/access-records.ts';
import { problemsOf, typed, type FieldProblem } from './forms.ts';

export type Invite =
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
  const link = `${options.pageUrl}?invite=${token}`;
  // The SVG is drawn by the QR library from a link we built; it holds no user text.
  return { ok: true, invite: { role, link, qr: renderSVG(link, { border: 2 }), expires }, values };
}
