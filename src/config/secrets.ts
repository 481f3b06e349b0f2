/** Replacement shown wherever a secret would have appeared. */
export const MASK = '***';

/** `Bearer <token>`: an access token (Microsoft Entra ID's for Azure DevOps) fetched at run time, so never configured. */
const BEARER = /\b(Bearer\s+)[A-Za-z0-9\-._~+/]{16,}=*/gi;
/** A JSON Web Token (header.payload.signature, the header starting `eyJ`), wherever it appears. */
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/**
 * Masks every occurrence of the given secrets in a text, any password in a URL's user-info, and any
 * Bearer token or JWT (tokens are obtained at run time, so they cannot be listed as secrets up front).
 * Secrets shorter than 3 characters are not searched for, as they would mangle unrelated text.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)([^@\s/]+)@/gi, `$1${MASK}@`);
  out = out.replace(BEARER, `$1${MASK}`).replace(JWT, MASK);
  for (const secret of secrets) {
    if (secret.length < 3) continue;
    out = out.split(secret).join(MASK);
  }
  return out;
}

/** The forms in which a secret could leak: itself, URL-encoded, and inside a Basic auth header. */
export function secretVariants(secret: string, basicUser?: string): string[] {
  const variants = new Set([secret, encodeURIComponent(secret)]);
  if (basicUser !== undefined) variants.add(Buffer.from(`${basicUser}:${secret}`).toString('base64'));
  variants.add(Buffer.from(`:${secret}`).toString('base64'));
  return [...variants];
}
