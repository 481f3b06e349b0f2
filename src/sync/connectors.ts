import type { Config } from '../config/config.js';
import { AdoConnector } from '../connectors/azure-devops/connector.js';
import type { Connector } from '../connectors/connector.js';
import { JiraConnector } from '../connectors/jira/connector.js';
import type { Platform } from '../domain/glossary.js';
import type { HttpClientOptions } from '../http/client.js';
import type { Logger } from '../log/logger.js';

/** A configured platform: its connector and the schema its tables live in. */
export interface PlatformTarget {
  platform: Platform;
  schema: string;
  connector: Connector;
}

/**
 * The connectors of the configured platforms (optionally only one), each with its own logger.
 * `http` overrides the HTTP client's settings (tests shorten the retries).
 */
export function platformTargets(
  config: Config,
  only: Platform | undefined,
  loggerFor: (p: Platform) => Logger,
  http?: Partial<HttpClientOptions>,
): PlatformTarget[] {
  const extra = http ? { http } : {};
  const targets: PlatformTarget[] = [];
  if (config.ado && (only === undefined || only === 'ado')) {
    targets.push({
      platform: 'ado',
      schema: config.adoSchema,
      connector: new AdoConnector(config.ado, { logger: loggerFor('ado'), ...extra }),
    });
  }
  if (config.jira && (only === undefined || only === 'jira')) {
    targets.push({
      platform: 'jira',
      schema: config.jiraSchema,
      connector: new JiraConnector(config.jira, { logger: loggerFor('jira'), ...extra }),
    });
  }
  return targets;
}
