/**
 * How requests to Azure DevOps are signed: a PAT as a fixed Basic header, or a Microsoft Entra ID
 * access token per request (`Authorization: Bearer`, from a TokenCache), with the hint that goes with
 * each kind of refusal and, for `doctor`, the sign-in described and a token obtained to prove it works.
 */
import type { TokenCredentialOptions } from '@azure/identity';
import type { AdoConfig } from '../../../config/config.js';
import type { Authorization } from '../../../http/authorization.js';
import { ADO_SCOPE, describeEntra, entraCredential } from './credential.js';
import { accessHint, tokenFailure } from './sign-in-errors.js';
import { TokenCache } from './token-cache.js';

export interface AdoSignIn {
  /** Fixed headers (the PAT's Basic header); none with Entra. */
  headers: Record<string, string>;
  /** The per-request token with Entra. */
  authorization?: Authorization;
  /** Appended to a 401/403 of the API: what to fix. */
  authHint: string;
  /** The sign-in in use, for people (ids, never secrets). */
  method: string;
  /** Obtains a token (Entra) to prove the sign-in works: its validity in minutes; undefined for a PAT. */
  probe(): Promise<{ validForMinutes: number } | undefined>;
}

export interface SignInOptions {
  /** Passed to the @azure/identity credential (tests: the simulator's CA in `tlsOptions`). */
  credential?: TokenCredentialOptions;
  /** How long before expiry a token is replaced, ms. Default 5 minutes (or half its lifetime). */
  refreshMarginMs?: number;
}

export function adoSignIn(config: AdoConfig, options: SignInOptions = {}): AdoSignIn {
  const { auth } = config;
  if (auth.kind === 'pat')
    return {
      headers: { authorization: `Basic ${Buffer.from(`:${auth.pat}`).toString('base64')}` },
      authHint:
        'check ADO_PERSONAL_ACCESS_TOKEN (not expired, with Work Items read scope) and ADO_ORGANIZATION',
      method: 'personal access token (ADO_PERSONAL_ACCESS_TOKEN)',
      probe: async () => undefined,
    };
  const where =
    auth.authorityHost ??
    (auth.kind === 'managed-identity' ? 'managed identity endpoint' : 'https://login.microsoftonline.com');
  const cache = new TokenCache(
    () => entraCredential(auth, options.credential),
    ADO_SCOPE,
    (error) => tokenFailure(error, auth, where, config.organization),
    options.refreshMarginMs !== undefined ? { marginMs: options.refreshMarginMs } : {},
  );
  return {
    headers: {},
    authorization: cache,
    authHint: accessHint(auth, config.organization),
    method: describeEntra(auth),
    probe: async () => {
      const { expiresAt } = await cache.current();
      return { validForMinutes: Math.max(0, Math.round((expiresAt - Date.now()) / 60_000)) };
    },
  };
}
