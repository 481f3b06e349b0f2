/**
 * Authentication of the API: a PAT as `Authorization: Basic base64(<any user>:<PAT>)` in canonical
 * base64, or a Microsoft Entra ID access token as `Authorization: Bearer <token>` (when the simulated
 * Entra is on: issued by it and not expired). A bad, expired or missing credential gets the 203 HTML
 * sign-in page, or the 401 JSON when the client sends `X-TFS-FedAuthRedirect: Suppress` (as worksync
 * does). The control API under `/__sim` and the
 * managed-identity endpoint need no credentials.
 */
import type { SimRequest, SimResponse } from '../common/server.js';
import { IDENTITY_PATH } from './entra/managed-identity.js';
import type { TokenIssuer } from './entra/tokens.js';
import { signInPage, unauthorized } from './errors.js';

export function authGuard(
  pat: string,
  base: () => string,
  mode: () => '203' | '302',
  tokens?: TokenIssuer,
): (req: SimRequest) => SimResponse | undefined {
  return (req) => {
    if (req.path.startsWith('/__sim') || (tokens && req.path === IDENTITY_PATH)) return undefined;
    const header = req.headers.authorization;
    const bearer = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
    if (bearer ? tokens?.check(bearer[1]!).ok : header && isValid(header, pat)) return undefined;
    const suppress = String(req.headers['x-tfs-fedauthredirect'] ?? '').toLowerCase() === 'suppress';
    if (suppress) return unauthorized(header === undefined, base());
    if (mode() === '302') {
      const reply = encodeURIComponent(`${base()}${req.path}`);
      return {
        status: 302,
        headers: {
          location: `https://app.vssps.visualstudio.com/_signin?realm=dev.azure.com&reply_to=${reply}`,
        },
        body: '',
      };
    }
    return signInPage();
  };
}

function isValid(header: string, pat: string): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(header.trim());
  if (!m) return false;
  const token = m[1]!;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  if (Buffer.from(decoded, 'utf8').toString('base64') !== token) return false; // stray characters: rejected
  const colon = decoded.indexOf(':');
  return colon >= 0 && decoded.slice(colon + 1) === pat;
}
