/**
 * The App Service managed-identity endpoint (what IDENTITY_ENDPOINT points at, plain http on the
 * machine itself): `GET ?api-version=2019-08-01&resource=…[&client_id=…]` with the `X-IDENTITY-HEADER`
 * secret (IDENTITY_HEADER) gets `{access_token, expires_on (epoch seconds), resource, token_type, client_id}`.
 */
import type { SimRequest, SimResponse } from '../../common/server.js';
import { ADO_RESOURCE, type TokenIssuer } from './tokens.js';

/** Path of the endpoint on the Azure DevOps simulator's server. */
export const IDENTITY_PATH = '/msi/token';

export function managedIdentityHandler(
  issuer: TokenIssuer,
  identity: { clientId: string; header: string },
): (req: SimRequest) => SimResponse {
  return (req) => {
    if (req.headers['x-identity-header'] !== identity.header)
      return {
        status: 401,
        body: { statusCode: 401, message: 'Unauthorized: X-IDENTITY-HEADER missing or wrong' },
      };
    const resource = req.query.get('resource') ?? '';
    if (resource.replace(/\/\.default$/, '') !== ADO_RESOURCE)
      return { status: 400, body: { statusCode: 400, message: `The resource '${resource}' is not known` } };
    const clientId = req.query.get('client_id');
    if (clientId !== null && clientId !== identity.clientId)
      return {
        status: 400,
        body: {
          statusCode: 400,
          message: `No user-assigned identity with client id '${clientId}' is assigned to this app`,
        },
      };
    const { token, expiresAt } = issuer.issue({ clientId: identity.clientId, via: 'managed-identity' });
    return {
      status: 200,
      body: {
        access_token: token,
        expires_on: String(Math.floor(expiresAt / 1000)),
        resource,
        token_type: 'Bearer',
        client_id: identity.clientId,
      },
    };
  };
}
