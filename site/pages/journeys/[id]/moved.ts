/** POST: what a device needs to carry unsaved changes from an old id to this document (lib/moved-base.ts). */
import type { APIRoute } from 'astro';
import { answerMoved } from '../../../lib/moved-base.ts';

export const POST: APIRoute = (context) => answerMoved(context);
