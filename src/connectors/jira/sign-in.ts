import type { JiraConfig } from '../../config/config.js';
import { AuthError, describeError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { JiraApi } from './api.js';

/** `/myself`, the parts used. */
export interface JiraUser {
  accountId: string;
  displayName?: string;
  timeZone?: string;
}

const SCOPED =
  'a classic API token works on JIRA_CLOUD_URL; a scoped one (what service accounts get) only through the API gateway, with the scopes read:jira-work and read:jira-user';

/**
 * Authenticates (`/myself`), finding the way a scoped API token needs. With JIRA_CLOUD_ID set the calls
 * already go through the gateway. Without it, a 401 on the site makes one more try: the site's cloud id
 * from `/_edge/tenant_info`, then `/myself` through the gateway; accepted there, the token is a scoped
 * one and every later call goes that way (said once, with the JIRA_CLOUD_ID that skips the probe).
 * Browse links (`url` columns) stay on the site either way.
 */
export async function signIn(
  api: JiraApi,
  config: JiraConfig,
  log?: Logger,
): Promise<{ user: JiraUser; viaGateway: boolean }> {
  try {
    return { user: await api.myself(), viaGateway: config.cloudId !== undefined };
  } catch (error) {
    if (!(error instanceof AuthError) || error.details.status !== 401) throw error;
    if (config.cloudId) throw refused(error, `through the API gateway (JIRA_CLOUD_ID=${config.cloudId})`);
    if (!config.probeGateway) throw refused(error, `on ${config.url}`);
    let cloudId: string;
    try {
      cloudId = await api.tenantCloudId();
    } catch (probe) {
      throw refused(
        error,
        `on ${config.url} (its cloud id for the API gateway could not be read: ${describeError(probe)}; set JIRA_CLOUD_ID)`,
      );
    }
    api.useGateway(cloudId);
    try {
      const me = await api.myself();
      log?.info(
        `JIRA_API_TOKEN is a scoped token: refused on ${config.url}, accepted through the API gateway; using ${config.gatewayUrl}/ex/jira/${cloudId} (set JIRA_CLOUD_ID=${cloudId} to skip this probe)`,
      );
      return { user: me, viaGateway: true };
    } catch (second) {
      // The site's 401 stays the answer when the gateway cannot be asked (unreachable, down).
      if (!(second instanceof AuthError))
        throw refused(
          error,
          `on ${config.url} (the API gateway could not be asked: ${describeError(second)})`,
        );
      throw refused(second, `on ${config.url} and through the API gateway (cloud id ${cloudId})`);
    }
  }
}

function refused(error: AuthError, where: string): AuthError {
  return new AuthError(
    `authentication failed (HTTP ${error.details.status ?? '?'}) ${where}: check JIRA_USER_EMAIL and JIRA_API_TOKEN; ${SCOPED}`,
    error.details,
    { cause: error },
  );
}
