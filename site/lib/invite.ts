/**
 * The invite form both invite pages post (a journey's, a theory of change's): which role, for how
 * long. Checked with zod; a good one becomes a signed room token, and for people who open the
 * page (not evaluators, who only call the API) a link with its QR code.
 */
import { renderSVG } from 'uqr';
import { z } from 'zod';
import { roomToken } from '../../server/auth/session.ts';
import type { Role } from '../../server/auth/tokens.ts';

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

/** The invite the posted form asks for, or what is wrong with the form, field by field. */
export async function inviteFromForm(request: Request, options: InviteOptions): Promise<Invite | { problem: string }> {
  const InviteForm = z.strictObject({
    role: z.enum(options.roles),
    hours: z.coerce.number().int().min(1).max(options.maxHours),
  });
  const form = await request.formData().catch(() => undefined);
  const parsed = InviteForm.safeParse(form && Object.fromEntries(form.entries()));
  if (!parsed.success)
    return { problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const { role, hours } = parsed.data;
  const token = roomToken(options.secret, options.docId, role, hours);
  const expires = new Date(Date.now() + hours * 3600_000);
  if (options.tokenOnly?.includes(role)) return { role, token, expires };
  const link = `${options.pageUrl}?invite=${token}`;
  // The SVG is drawn by the QR library from a link we built; it holds no user text.
  return { role, link, qr: renderSVG(link, { border: 2 }), expires };
}
