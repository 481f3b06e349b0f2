import type { AdoConfig } from '../../config/config.js';
import { describeError } from '../../errors.js';
import type { DoctorCheck } from '../connector.js';
import type { AdoApi } from './api.js';
import { adoFieldCatalog, adoFieldChecks } from './field-catalog.js';

/**
 * `worksync doctor` for Azure DevOps: the sign-in in use (with Microsoft Entra ID, whether a token was
 * obtained), the token and every project (or the organisation), the teams of
 * ADO_SCRUM_PROJECT, then the configured customer field against the organisation's fields and a sample
 * of recent work items.
 */
export async function adoDoctor(api: AdoApi, config: AdoConfig): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const authFix = api.signIn.authHint;

  // The sign-in in use; with Entra a token first (shown by its validity, never itself).
  try {
    const token = await api.signIn.probe();
    checks.push({
      name: 'Azure DevOps sign-in',
      ok: true,
      detail: token
        ? `${api.signIn.method}: token obtained (valid for ${token.validForMinutes} min)`
        : api.signIn.method,
    });
  } catch (error) {
    checks.push({
      name: 'Azure DevOps sign-in',
      ok: false,
      detail: `${api.signIn.method}: no token`,
      fix: describeError(error),
    });
    return checks;
  }

  if (config.wholeOrganization) {
    try {
      const found = await api.listProjects();
      checks.push({
        name: `Azure DevOps organisation ${config.organization}`,
        ok: true,
        detail: `every project (${found.count} visible): ${found.value.map((p) => p.name).join(', ')}`,
      });
    } catch (error) {
      checks.push({
        name: 'Azure DevOps authentication',
        ok: false,
        detail: describeError(error),
        fix: authFix,
      });
      return checks;
    }
  }
  for (const project of config.projects) {
    try {
      const found = await api.getProject(project);
      checks.push({
        name: `Azure DevOps project ${project}`,
        ok: true,
        detail: `${found.name} (${found.id})`,
      });
    } catch (error) {
      const auth = (error as { name?: string }).name === 'AuthError';
      checks.push({
        name: auth ? 'Azure DevOps authentication' : `Azure DevOps project ${project}`,
        ok: false,
        detail: describeError(error),
        fix: auth
          ? authFix
          : `check that project ${project} exists in ${config.organization} (ADO_PROJECT / ADO_SCRUM_PROJECT)`,
      });
      if (auth) return checks;
    }
  }
  for (const { project, team } of config.teams) {
    try {
      await api.getTeam(project, team);
      checks.push({ name: `Azure DevOps team ${project}:${team}`, ok: true, detail: 'found' });
    } catch (error) {
      checks.push({
        name: `Azure DevOps team ${project}:${team}`,
        ok: false,
        detail: describeError(error),
        fix: `check the team name in ADO_SCRUM_PROJECT (project:team pairs)`,
      });
    }
  }
  // Authentication failures returned above: the token works here.
  try {
    checks.push(...adoFieldChecks(await adoFieldCatalog(api, config), config));
  } catch (error) {
    checks.push({
      name: 'Azure DevOps fields',
      ok: false,
      detail: describeError(error),
      fix: 'the token needs Work Items read scope (the field list and a WIQL query)',
    });
  }
  return checks;
}
