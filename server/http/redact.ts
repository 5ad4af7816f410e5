/**
 * What is left of a log message once anything secret-shaped is gone. Invite tokens and sign-in
 * codes travel in query strings, so every query string goes; anything shaped like one of our
 * tokens (two long base64url parts joined by a dot) goes too, wherever it stands, and so does any
 * long unbroken base64url run (a session cookie's 43 characters).
 */
const QUERY_STRING = /\?[^\s"'`<>()]+/g;
const TOKEN_SHAPED = /[\w-]{16,}\.[\w-]{16,}/g;
const SECRET_SHAPED = /[\w-]{40,}/g;

export function withoutSecrets(text: string): string {
  return text
    .replace(QUERY_STRING, '?[redacted]')
    .replace(TOKEN_SHAPED, '[redacted]')
    .replace(SECRET_SHAPED, '[redacted]');
}
