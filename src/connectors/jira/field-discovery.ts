import type { JiraConfig } from '../../config/config.js';
import type { Logger } from '../../log/logger.js';
import type { JiraApi } from './api.js';
import { chooseSprintField, chooseStoryPointsFields, fieldInfo, SPRINT_TYPE } from './field-catalog.js';

/** The custom fields a sync reads, as configured or found on the site. */
export interface DiscoveredFields {
  sprintFieldId: string;
  storyPointsFieldIds: string[];
}

/** The fields as configured, before any discovery (unset story points: none yet). */
export function configuredFields(config: JiraConfig): DiscoveredFields {
  return {
    sprintFieldId: config.sprintFieldId,
    storyPointsFieldIds: config.storyPointsFieldId ? [config.storyPointsFieldId] : [],
  };
}

/** Whether the field list must be read: the sprint or the story point field is unset. */
export const needsDiscovery = (config: JiraConfig): boolean =>
  !config.sprintFieldSet || config.storyPointsFieldId === undefined;

/**
 * Reads the field list once (one request) and settles the unset fields, logging each choice. Sprint:
 * the default when it is the site's sprint field, else the field of the sprint type (named "Sprint" if
 * several). Story points: the number fields named "Story point estimate" / "Story Points". The customer
 * field is never guessed: doctor suggests one instead.
 */
export async function discoverFields(
  api: JiraApi,
  config: JiraConfig,
  logger: Logger | undefined,
): Promise<DiscoveredFields> {
  const fields = (await api.fields()).map((f) => fieldInfo(f, 0));
  const out = configuredFields(config);
  if (!config.sprintFieldSet) {
    const found = chooseSprintField(fields, config.sprintFieldId);
    if (found === undefined)
      logger?.warn(
        `JIRA_SPRINT_FIELD_ID is unset and this site has no sprint field (${SPRINT_TYPE}): sprint columns stay empty`,
      );
    else if (found.id !== config.sprintFieldId) {
      logger?.info(
        `JIRA_SPRINT_FIELD_ID is unset and ${config.sprintFieldId} is not this site's sprint field: using ${found.id} '${found.name}', found by its type (set JIRA_SPRINT_FIELD_ID to choose)`,
      );
      out.sprintFieldId = found.id;
    }
  }
  if (config.storyPointsFieldId === undefined) {
    const found = chooseStoryPointsFields(fields);
    out.storyPointsFieldIds = found.map((f) => f.id);
    if (found.length === 0)
      logger?.warn(
        'JIRA_STORY_POINTS_FIELD_ID is unset and this site has no number field named "Story point estimate" or "Story Points": story_points stays empty (`worksync fields jira --search point` lists candidates)',
      );
    else
      logger?.info(
        `JIRA_STORY_POINTS_FIELD_ID is unset: reading story points from ${found.map((f) => `${f.id} '${f.name}'`).join(', ')}, found by name (set JIRA_STORY_POINTS_FIELD_ID to choose)`,
      );
  }
  return out;
}
