/**
 * The invite form both invite pages post (a journey's, a theory of change's): which role, for how
 * long. Checked with zod; a good one becomes a signed room token, and for people who open the
 * page (not evaluators, who only call the API) a link with its QR code. A refused one comes back
 * with its problems, by field, and the choices as made, for the page to show again.
 */
import { renderSVG } from 'uqr';
import { z } from 'zod';
import { roomToken } from '../../server/auth/session.ts';
import type { Role } from '../../server/auth/tokens.ts';
import { problemsOf, typed, type FieldProblem } from './forms.ts';

export type Invite =
  { role: Role; link: string; qr: string; expires: Date } | { role: Role; token: string; expires: Date };

export interface InviteOptions {
  secret: Buffer;
  docId: string;
  /** The page an invited person opens, e.g. `https://…/journeys/<id>`. */
  pageUrl: string;
  roles: readonly [Role, ...Role[]];
  maxHours: number;
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
  const token = roomToken(options.secret, options.docId, role, parsed.data.hours);
  const expires = new Date(Date.now() + parsed.data.hours * 3600_000);
  if (options.tokenOnly?.includes(role)) return { ok: true, invite: { role, token, expires }, values };
  const link = `${options.pageUrl}?invite=${token}`;
  // The SVG is drawn by the QR library from a link we built; it holds no user text.
  return { ok: true, invite: { role, link, qr: renderSVG(link, { border: 2 }), expires }, values };
}
