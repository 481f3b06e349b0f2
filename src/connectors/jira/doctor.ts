import type { JiraConfig } from '../../config/config.js';
import { describeError } from '../../errors.js';
import type { DoctorCheck } from '../connector.js';
import type { JiraApi } from './api.js';
import { jiraFieldCatalog, jiraFieldChecks } from './field-catalog.js';
import { projectJql } from './jql.js';
import { signIn } from './sign-in.js';

/**
 * `worksync doctor` for Jira: authentication, each project (and how many issues it shows), then the
 * configured customer and sprint fields against the site's fields and a sample of recent issues.
 */
export async function jiraDoctor(api: JiraApi, config: JiraConfig): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  try {
    const { user: me, viaGateway } = await signIn(api, config);
    checks.push({
      name: 'Jira authentication',
      ok: true,
      detail: `${me.displayName ?? me.accountId} (time zone ${me.timeZone ?? 'unknown'})${viaGateway ? ', a scoped token through the API gateway' : ''}`,
    });
  } catch (error) {
    return [
      {
        name: 'Jira authentication',
        ok: false,
        detail: describeError(error),
        fix: 'check JIRA_CLOUD_URL, JIRA_USER_EMAIL and JIRA_API_TOKEN (a scoped token of a service account: JIRA_CLOUD_ID)',
      },
    ];
  }
  const reachable: string[] = [];
  for (const key of config.projectKeys) {
    try {
      const project = await api.project(key);
      const count = await api.approximateCount(projectJql(key));
      checks.push({
        name: `Jira project ${key}`,
        ok: true,
        detail: `${project.name}: about ${count} issues visible`,
      });
      reachable.push(key);
    } catch (error) {
      checks.push({
        name: `Jira project ${key}`,
        ok: false,
        detail: describeError(error),
        fix: `check that project ${key} exists (JIRA_PROJECT_KEY) and that the user has Browse projects permission on it`,
      });
    }
  }
  if (reachable.length === 0) return checks;
  try {
    checks.push(...jiraFieldChecks(await jiraFieldCatalog(api, reachable), config));
  } catch (error) {
    checks.push({
      name: 'Jira fields',
      ok: false,
      detail: describeError(error),
      fix: 'the user needs to read the field list (GET /rest/api/3/field) and search the projects',
    });
  }
  return checks;
}
