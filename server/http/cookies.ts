/** Cookies as a browser sends them (`name=value; other=…`), read on the raw request (rooms, the request-body gate). */
import type { IncomingMessage } from 'node:http';

/** Every value sent under this name (two cookies of one name and different paths can both arrive). */
export function cookieValues(req: Pick<IncomingMessage, 'headers'>, name: string): string[] {
  return (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => decodeURIComponent(part.slice(name.length + 1)));
}
