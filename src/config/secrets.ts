/** Replacement shown wherever a secret would have appeared. */
export const MASK = '***';

/**
 * Masks every occurrence of the given secrets in a text, and any password in a URL's user-info.
 * Secrets shorter than 3 characters are not searched for, as they would mangle unrelated text.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)([^@\s/]+)@/gi, `$1${MASK}@`);
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
