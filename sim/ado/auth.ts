/**
 * PAT authentication: `Authorization: Basic base64(<any user>:<PAT>)` in canonical base64. A bad or
 * missing credential gets the 203 HTML sign-in page, or the 401 JSON when the client sends
 * `X-TFS-FedAuthRedirect: Suppress`. The control API under `/__sim` needs no credentials.
 */
import type { SimRequest, SimResponse } from '../common/server.js';
import { signInPage, unauthorized } from './errors.js';

export function patGuard(
  pat: string,
  base: () => string,
  mode: () => '203' | '302',
): (req: SimRequest) => SimResponse | undefined {
  return (req) => {
    if (req.path.startsWith('/__sim')) return undefined;
    const header = req.headers.authorization;
    if (header && isValid(header, pat)) return undefined;
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
