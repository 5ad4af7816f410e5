/** Readable, unique document ids: the title's words as a slug plus a random suffix. */
import { randomBytes } from 'node:crypto';

export function readableId(title: string, fallback: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${slug || fallback}-${randomBytes(3).toString('hex')}`;
}
