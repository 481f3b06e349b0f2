/**
 * How worksync signs in to Azure DevOps (ADO_AUTH): a personal access token (the default), a Microsoft
 * Entra ID service principal, or a managed identity. The Entra variables keep the names of the Azure
 * SDK's EnvironmentCredential / WorkloadIdentityCredential, so what Azure users already set works.
 */
import { z } from 'zod';
import { secretVariants } from './secrets.js';

/** How to sign in to Azure DevOps. */
export type AdoAuth =
  | { kind: 'pat'; pat: string }
  | {
      /** A service principal (app registration) of a Microsoft Entra ID tenant. */
      kind: 'entra';
      tenantId: string;
      clientId: string;
      credential:
        | { type: 'secret'; secret: string }
        /** A PEM file with the private key and the certificate; the password of an encrypted key. */
        | { type: 'certificate'; path: string; password?: string }
        /** Workload identity: a file holding a federated token (AKS writes and rotates it). */
        | { type: 'federated'; tokenFile: string };
      /** AZURE_AUTHORITY_HOST, https. Default: the SDK's, https://login.microsoftonline.com. */
      authorityHost?: string;
    }
  | {
      /** The managed identity of the Azure resource worksync runs on (IMDS, App Service, ...). */
      kind: 'managed-identity';
      /** A user-assigned identity's client id; none: the system-assigned identity. */
      clientId?: string;
      authorityHost?: string;
    };

export type AdoAuthKind = AdoAuth['kind'];

/** The variables of this module, for the schema's VARIABLES list. */
export const ADO_AUTH_VARIABLES = [
  'ADO_AUTH',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_FEDERATED_TOKEN_FILE',
  'AZURE_AUTHORITY_HOST',
] as const;

/** Blank values count as unset, as everywhere in the configuration. */
const text = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** The zod shape of the variables, spread into the configuration schema. */
export const adoAuthShape = {
  ADO_AUTH: text.refine((v) => v === undefined || /^(pat|entra|managed-identity)$/i.test(v), {
    message: 'must be pat, entra or managed-identity',
  }),
  AZURE_TENANT_ID: text,
  AZURE_CLIENT_ID: text,
  AZURE_CLIENT_SECRET: text,
  AZURE_CLIENT_CERTIFICATE_PATH: text,
  // A password is taken as written (spaces included), like PG_PASSWORD.
  AZURE_CLIENT_CERTIFICATE_PASSWORD: z.string().optional(),
  AZURE_FEDERATED_TOKEN_FILE: text,
  AZURE_AUTHORITY_HOST: text.refine((v) => v === undefined || /^https:\/\/[^\s/]+/i.test(v), {
    message:
      'must be an https:// URL (the Microsoft Entra ID sign-in host, e.g. https://login.microsoftonline.us for US Government)',
  }),
};

type AuthEnv = { [K in keyof typeof adoAuthShape]?: string | undefined } & {
  ADO_PERSONAL_ACCESS_TOKEN?: string | undefined;
};

const SP_CREDENTIALS = [
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_FEDERATED_TOKEN_FILE',
] as const;

/** Said after a missing ADO_PERSONAL_ACCESS_TOKEN: the other ways to sign in. */
export const PAT_ALTERNATIVES =
  'or sign in with Microsoft Entra ID: ADO_AUTH=entra for a service principal, ADO_AUTH=managed-identity on an Azure resource';

/**
 * The sign-in of ADO_AUTH (default pat), or the problems (each naming its variable) of an incomplete
 * one; a missing PAT goes to `absent`, with the platform's other missing variables. `resolvePath` makes
 * file paths absolute (relative to the working folder).
 */
export function adoAuthConfig(
  env: AuthEnv,
  problems: string[],
  absent: string[],
  resolvePath: (path: string) => string,
): AdoAuth | undefined {
  const kind = (env.ADO_AUTH?.toLowerCase() ?? 'pat') as AdoAuthKind;
  const authorityHost = env.AZURE_AUTHORITY_HOST?.replace(/\/+$/, '');
  const host = authorityHost ? { authorityHost } : {};
  if (kind === 'pat') {
    if (env.ADO_PERSONAL_ACCESS_TOKEN !== undefined) return { kind, pat: env.ADO_PERSONAL_ACCESS_TOKEN };
    absent.push('ADO_PERSONAL_ACCESS_TOKEN');
    return undefined;
  }
  if (kind === 'managed-identity') {
    if (env.AZURE_FEDERATED_TOKEN_FILE !== undefined) {
      problems.push(
        'AZURE_FEDERATED_TOKEN_FILE is set: that is workload identity (a federated token of an app registration or user-assigned identity), use ADO_AUTH=entra with AZURE_TENANT_ID and AZURE_CLIENT_ID',
      );
      return undefined;
    }
    return { kind, ...(env.AZURE_CLIENT_ID ? { clientId: env.AZURE_CLIENT_ID } : {}), ...host };
  }
  const lacking: string[] = (['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'] as const).filter(
    (name) => env[name] === undefined,
  );
  const given = SP_CREDENTIALS.filter((name) => env[name] !== undefined);
  if (given.length === 0) lacking.push(`one of ${SP_CREDENTIALS.join(', ')}`);
  if (lacking.length > 0) {
    problems.push(`ADO_AUTH=entra needs ${lacking.join(', ')}`);
    return undefined;
  }
  if (given.length > 1) {
    problems.push(`ADO_AUTH=entra: set only one of ${given.join(', ')} (the service principal's credential)`);
    return undefined;
  }
  const credential: Extract<AdoAuth, { kind: 'entra' }>['credential'] = env.AZURE_CLIENT_SECRET
    ? { type: 'secret', secret: env.AZURE_CLIENT_SECRET }
    : env.AZURE_CLIENT_CERTIFICATE_PATH
      ? {
          type: 'certificate',
          path: resolvePath(env.AZURE_CLIENT_CERTIFICATE_PATH),
          ...(env.AZURE_CLIENT_CERTIFICATE_PASSWORD
            ? { password: env.AZURE_CLIENT_CERTIFICATE_PASSWORD }
            : {}),
        }
      : { type: 'federated', tokenFile: resolvePath(env.AZURE_FEDERATED_TOKEN_FILE!) };
  return { kind, tenantId: env.AZURE_TENANT_ID!, clientId: env.AZURE_CLIENT_ID!, credential, ...host };
}

/**
 * The secrets of the sign-in, in the forms they could leak: the PAT, the client secret, the certificate's
 * password, and IDENTITY_HEADER (the App Service managed-identity secret the SDK reads itself).
 */
export function adoAuthSecrets(source: Record<string, string | undefined>): string[] {
  const pat = source.ADO_PERSONAL_ACCESS_TOKEN?.trim();
  const others = [
    source.AZURE_CLIENT_SECRET?.trim(),
    source.AZURE_CLIENT_CERTIFICATE_PASSWORD,
    source.IDENTITY_HEADER,
  ].filter((v): v is string => Boolean(v));
  return [...(pat ? secretVariants(pat, '') : []), ...others.flatMap((v) => secretVariants(v))];
}
