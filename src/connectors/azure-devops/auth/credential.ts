/**
 * The @azure/identity credential of an Entra sign-in: ClientSecretCredential, ClientCertificateCredential,
 * WorkloadIdentityCredential (federated token file) or ManagedIdentityCredential (which reads its
 * endpoint from the platform's variables itself: IMDS, or IDENTITY_ENDPOINT/IDENTITY_HEADER on App Service).
 */
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
  type TokenCredentialOptions,
  WorkloadIdentityCredential,
} from '@azure/identity';
import type { AdoAuth } from '../../../config/ado-auth.js';
import { isLoopbackHost } from '../../../config/schema.js';

/** The resource id of Azure DevOps: tokens for it are asked with this scope. */
export const ADO_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';

export type EntraAuth = Exclude<AdoAuth, { kind: 'pat' }>;

/**
 * A new credential. `extra` reaches the SDK's options (tests pass `tlsOptions` to trust the simulator's
 * certificate; elsewhere NODE_EXTRA_CA_CERTS does that).
 */
export function entraCredential(auth: EntraAuth, extra: TokenCredentialOptions = {}): TokenCredential {
  const options = {
    ...extra,
    ...(auth.authorityHost
      ? {
          authorityHost: auth.authorityHost,
          // Instance discovery asks Microsoft whether the host is a known cloud: a loopback host (the
          // simulator) is not, and asking would leave the machine.
          ...(isLoopbackHost(new URL(auth.authorityHost).hostname) ? { disableInstanceDiscovery: true } : {}),
        }
      : {}),
  };
  if (auth.kind === 'managed-identity')
    return new ManagedIdentityCredential({
      ...options,
      ...(auth.clientId ? { clientId: auth.clientId } : {}),
    });
  const { credential, tenantId, clientId } = auth;
  switch (credential.type) {
    case 'secret':
      return new ClientSecretCredential(tenantId, clientId, credential.secret, options);
    case 'certificate':
      return new ClientCertificateCredential(
        tenantId,
        clientId,
        {
          certificatePath: credential.path,
          ...(credential.password !== undefined ? { certificatePassword: credential.password } : {}),
        },
        options,
      );
    case 'federated':
      return new WorkloadIdentityCredential({
        ...options,
        tenantId,
        clientId,
        tokenFilePath: credential.tokenFile,
      });
  }
}

/** The sign-in as people read it (ids, never secrets). */
export function describeEntra(auth: EntraAuth): string {
  if (auth.kind === 'managed-identity')
    return auth.clientId
      ? `Microsoft Entra ID managed identity (user-assigned, client id ${auth.clientId})`
      : 'Microsoft Entra ID managed identity (system-assigned)';
  const { credential } = auth;
  const how =
    credential.type === 'secret'
      ? 'a client secret'
      : credential.type === 'certificate'
        ? `a certificate (${credential.path})`
        : `a federated token (workload identity, ${credential.tokenFile})`;
  return `Microsoft Entra ID service principal ${auth.clientId} of tenant ${auth.tenantId}, with ${how}`;
}
