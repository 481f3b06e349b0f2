/**
 * The simulated Microsoft Entra ID token service, on its own https server (msal-node refuses an http
 * authority): the tenant's OpenID configuration and the v2.0 token endpoint's client-credentials flow
 * for a service principal signing in with a client secret, a certificate (client assertion, verified
 * against the registered certificate) or a federated token (workload identity). Errors are Entra's
 * shape: `{error, error_description: "AADSTSnnn: …", error_codes, timestamp, trace_id, correlation_id}`.
 */
import { randomUUID } from 'node:crypto';
import { FaultInjector } from '../../common/faults.js';
import { type SimRequest, type SimResponse, SimServer } from '../../common/server.js';
import { assertionProblem } from './assertion.js';
import { ADO_RESOURCE, type TokenIssuer } from './tokens.js';

/** The service principal the simulated tenant knows (an app registration with its credentials). */
export interface EntraApp {
  clientId: string;
  /** Accepted client secret; none: secrets are refused. */
  secret?: string;
  /** PEM certificate whose private key signs the client assertion; none: certificates are refused. */
  certificatePem?: string;
  /** The federated token (the content of AZURE_FEDERATED_TOKEN_FILE) trusted for this app. */
  federatedToken?: string;
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export async function startEntraServer(
  tls: { key: string; cert: string },
  issuer: TokenIssuer,
  app: EntraApp,
): Promise<{ server: SimServer; url: string }> {
  const server = new SimServer({
    faults: new FaultInjector(),
    rateLimited: () => ({ status: 429, body: { error: 'temporarily_unavailable' } }),
    tls,
  });
  let base = '';
  const knownTenant = (req: SimRequest): boolean => req.params.tenant === issuer.tenantId;
  server.route('GET', '/:tenant/v2.0/.well-known/openid-configuration', 'openid-configuration', (req) => {
    if (!knownTenant(req)) return tenantNotFound(req.params.tenant ?? '');
    const root = `${base}/${issuer.tenantId}`;
    return {
      status: 200,
      body: {
        issuer: `${root}/v2.0`,
        authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
        token_endpoint: `${root}/oauth2/v2.0/token`,
        end_session_endpoint: `${root}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/${issuer.tenantId}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
      },
    };
  });
  server.route('POST', '/:tenant/oauth2/v2.0/token', 'token', (req) => {
    if (!knownTenant(req)) return tenantNotFound(req.params.tenant ?? '');
    const form = new URLSearchParams(req.body);
    if (form.get('grant_type') !== 'client_credentials')
      return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const clientId = form.get('client_id') ?? '';
    if (clientId !== app.clientId)
      return entraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${issuer.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    const scopes = (form.get('scope') ?? '').split(' ');
    if (!scopes.includes(`${ADO_RESOURCE}/.default`))
      return entraError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    const via = signInMethod(form, app, `${base}/${issuer.tenantId}/oauth2/v2.0/token`);
    if ('problem' in via) return via.problem;
    const { token, expiresInSeconds } = issuer.issue({ clientId, via: via.method });
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: expiresInSeconds,
        ext_expires_in: expiresInSeconds,
        access_token: token,
      },
    };
  });
  base = await server.listen();
  return { server, url: base };
}

/** Which credential the request presents, checked against the app's; or the Entra error refusing it. */
function signInMethod(
  form: URLSearchParams,
  app: EntraApp,
  tokenEndpoint: string,
): { method: string } | { problem: SimResponse } {
  const secret = form.get('client_secret');
  if (secret !== null) {
    if (app.secret !== undefined && secret === app.secret) return { method: 'secret' };
    return {
      problem: entraError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      ),
    };
  }
  const assertion = form.get('client_assertion');
  if (assertion === null || form.get('client_assertion_type') !== JWT_BEARER)
    return {
      problem: entraError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      ),
    };
  if (app.federatedToken !== undefined && assertion === app.federatedToken) return { method: 'federated' };
  if (app.certificatePem === undefined)
    return {
      problem: entraError(
        401,
        'invalid_client',
        700213,
        'No matching federated identity record found for presented assertion subject.',
      ),
    };
  const problem = assertionProblem(assertion, {
    certificatePem: app.certificatePem,
    clientId: app.clientId,
    tokenEndpoint,
  });
  if (problem === undefined) return { method: 'certificate' };
  const [code, ...text] = problem.replace(/^AADSTS/, '').split(': ');
  return { problem: entraError(401, 'invalid_client', Number(code), text.join(': ')) };
}

function tenantNotFound(tenant: string): SimResponse {
  return entraError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

/** An Entra error body; the description carries the AADSTS code and the trace lines, as Entra's does. */
export function entraError(status: number, error: string, code: number, text: string): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
