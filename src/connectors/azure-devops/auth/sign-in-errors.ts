/**
 * What to tell the user when Microsoft Entra ID gives no token, or Azure DevOps refuses the one it gave:
 * which variables to check for the sign-in in use, and the identity's access to the organisation.
 */
import { AuthError, describeError, HttpError } from '../../../errors.js';
import type { EntraAuth } from './credential.js';

/** Microsoft Entra ID refused to issue a token (a wrong id, secret or certificate, a missing identity). */
export class EntraSignInError extends AuthError {}

/** What to check when no token can be obtained. */
export function tokenHint(auth: EntraAuth): string {
  if (auth.kind === 'managed-identity')
    return `check that a managed identity is enabled on the Azure resource worksync runs on (the SDK finds its endpoint: IMDS, or IDENTITY_ENDPOINT and IDENTITY_HEADER on App Service)${auth.clientId ? ', and that AZURE_CLIENT_ID is the client id of a user-assigned identity assigned to it' : ''}`;
  const credential = {
    secret: "AZURE_CLIENT_SECRET (the secret's value, not its id; not expired)",
    certificate:
      'AZURE_CLIENT_CERTIFICATE_PATH (a PEM file with the private key and the certificate, that certificate uploaded to the app registration; AZURE_CLIENT_CERTIFICATE_PASSWORD for an encrypted key)',
    federated:
      'AZURE_FEDERATED_TOKEN_FILE (readable, and a federated credential on the app registration trusting its issuer and subject)',
  }[auth.credential.type];
  return `check AZURE_TENANT_ID (the directory id), AZURE_CLIENT_ID (the application id of the app registration) and ${credential}${auth.authorityHost ? `, and AZURE_AUTHORITY_HOST (${auth.authorityHost})` : ''}`;
}

/** What to check when Azure DevOps refuses a token Entra issued: the identity's place in the organisation. */
export function accessHint(auth: EntraAuth, organization: string): string {
  const who =
    auth.kind === 'managed-identity'
      ? `the managed identity${auth.clientId ? ` ${auth.clientId}` : ''}`
      : `the service principal ${auth.clientId}`;
  return `the Microsoft Entra ID token was refused: add ${who} to the Azure DevOps organisation ${organization} (Organization settings → Users, from the organisation's Entra tenant) with access to the projects and Work Items read permission`;
}

/**
 * The error of a failed token request: EntraSignInError when Entra (or the identity endpoint) answered
 * with a refusal, a retryable HttpError when it could not be asked (network, a 5xx).
 */
export function tokenFailure(
  error: unknown,
  auth: EntraAuth,
  where: string,
  organization: string,
): HttpError {
  const full = describeError(error);
  // Entra's own words ("AADSTS7000215: Invalid client secret provided. …"), without its trace lines.
  const reason = /AADSTS\d+:.*?(?= Trace ID:|$)/.exec(full)?.[0] ?? full;
  const refused =
    refusedStatus(error) ||
    // The SDK wraps every managed-identity failure; a network one says so.
    (auth.kind === 'managed-identity' && !/network unreachable|ECONNREFUSED|ETIMEDOUT/i.test(full)) ||
    // A certificate or token file that cannot be read or parsed will not get better by trying again.
    /ENOENT|EACCES|no such file|PEM|private key|certificate/i.test(full);
  const message = `Microsoft Entra ID gave no token for Azure DevOps (${reason}): ${tokenHint(auth)}; the identity then also needs to be a user of the Azure DevOps organisation ${organization}`;
  if (refused) return new EntraSignInError(message, { url: where, retryable: false }, { cause: error });
  return new HttpError(message, { url: where, retryable: true }, { cause: error });
}

/** Whether the error or one of its causes is a 4xx answer of the token service (MSAL's `status`, the SDK's `statusCode`). */
function refusedStatus(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const { status, statusCode } = current as { status?: unknown; statusCode?: unknown };
    const code = typeof status === 'number' ? status : statusCode;
    if (typeof code === 'number' && code >= 400 && code < 500) return true;
    current = current.cause;
  }
  return false;
}
