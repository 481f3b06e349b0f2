/**
 * The simulated Microsoft Entra ID of the Azure DevOps simulator (optional: `startAdoSim({ entra })`):
 * one tenant with one service principal (client secret, certificate, federated token) and one managed
 * identity; their tokens are accepted by the API as `Authorization: Bearer` until they expire.
 */
import type { SimServer } from '../../common/server.js';
import { managedIdentityHandler } from './managed-identity.js';
import { startEntraServer } from './server.js';
import { TokenIssuer } from './tokens.js';

export { ADO_RESOURCE } from './tokens.js';

export interface EntraSimOptions {
  /** Key and certificate (PEM) of the https token endpoint; the client must trust the certificate. */
  tls: { key: string; cert: string };
  /** Seconds a token is valid (wall clock). Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Certificate (PEM) registered for the service principal: assertions signed with its key are accepted. */
  certificatePem?: string;
  /** A federated token (workload identity) trusted for the service principal. */
  federatedToken?: string;
}

export interface EntraSim {
  /** https://127.0.0.1:port, for AZURE_AUTHORITY_HOST. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The managed identity: its client id and the IDENTITY_HEADER secret. */
  identity: { clientId: string; header: string };
  issuer: TokenIssuer;
  server: SimServer;
}

export const ENTRA_SIM = {
  tenantId: '3f6a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  clientId: '8d2b4f6a-1c3e-4a5b-8c7d-9e0f1a2b3c4d',
  clientSecret: 'sim~EntraClientSecret.0123456789abcdef',
  identityClientId: 'c4e6a8b0-2d4f-4b6d-8e0a-1b3c5d7e9f01',
  identityHeader: 'sim-identity-header-5e1f',
} as const;

export async function startEntraSim(options: EntraSimOptions): Promise<EntraSim> {
  const issuer = new TokenIssuer(ENTRA_SIM.tenantId, options.tokenLifetimeSeconds ?? 3600);
  const { server, url } = await startEntraServer(options.tls, issuer, {
    clientId: ENTRA_SIM.clientId,
    secret: ENTRA_SIM.clientSecret,
    ...(options.certificatePem ? { certificatePem: options.certificatePem } : {}),
    ...(options.federatedToken ? { federatedToken: options.federatedToken } : {}),
  });
  return {
    authorityHost: url,
    tenantId: ENTRA_SIM.tenantId,
    clientId: ENTRA_SIM.clientId,
    clientSecret: ENTRA_SIM.clientSecret,
    identity: { clientId: ENTRA_SIM.identityClientId, header: ENTRA_SIM.identityHeader },
    issuer,
    server,
  };
}

export { managedIdentityHandler };
