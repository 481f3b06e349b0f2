import type { JiraConfig } from '../../config/config.js';
import {
  candidates,
  checkField,
  countPopulated,
  type FieldCatalog,
  type FieldCheck,
  type FieldInfo,
} from '../field-catalog.js';
import type { JiraApi } from './api.js';
import { projectsJql } from './jql.js';

/** Jira Software's sprint field type. */
export const SPRINT_TYPE = 'com.pyxis.greenhopper.jira:gh-sprint';
/** Issues sampled for the populated counts: two pages of `/search/jql`. */
const SAMPLE_PAGES = 2;
const SAMPLE_PAGE_SIZE = 100;
/** Names a customer field is likely to have. */
const CUSTOMER_NAME = /customer|client|kunde|tenant|account name|organi[sz]ation/i;

/** `GET /rest/api/3/field` entry (the parts used). */
export interface JiraFieldDetails {
  id: string;
  name: string;
  custom?: boolean;
  schema?: { type?: string; items?: string; custom?: string };
}

/** The fields of the site, with the share of the configured projects' most recently updated issues holding each. */
export async function jiraFieldCatalog(api: JiraApi, projectKeys: string[]): Promise<FieldCatalog> {
  const details = await api.fields();
  const issues: Record<string, unknown>[] = [];
  let token: string | undefined;
  for (let page = 0; page < SAMPLE_PAGES; page++) {
    const answer = await api.search(
      `${projectsJql(projectKeys)} ORDER BY updated DESC`,
      ['*all'],
      SAMPLE_PAGE_SIZE,
      token,
    );
    for (const issue of answer.issues as { fields?: Record<string, unknown> }[])
      issues.push(issue.fields ?? {});
    token = answer.nextPageToken ?? undefined;
    if (!token || answer.isLast) break;
  }
  const counts = countPopulated(issues);
  return {
    fields: details.map((d) => fieldInfo(d, counts.get(d.id) ?? 0)),
    sampled: issues.length,
    itemNoun: 'issues',
  };
}

/** A field of `GET /rest/api/3/field` as the catalog lists it, with `populated` of the sample. */
export function fieldInfo(d: JiraFieldDetails, populated: number): FieldInfo {
  const custom = d.schema?.custom;
  const schemaType = d.schema?.type ?? 'unknown';
  const valueType = d.schema?.items ? `${schemaType}<${d.schema.items}>` : schemaType;
  return {
    id: d.id,
    name: d.name,
    type: custom ? (custom.split(':').pop() ?? custom) : valueType,
    ...(custom ? { customType: custom } : {}),
    valueType,
    custom: d.custom ?? false,
    populated,
  };
}

/** Whether a field can hold a customer: text or options, one or several (not a team, user, sprint or number). */
export function customerFits(f: FieldInfo): boolean {
  return (
    ['string', 'option', 'array<string>', 'array<option>'].includes(f.valueType) &&
    f.customType !== SPRINT_TYPE
  );
}

export const sprintFits = (f: FieldInfo): boolean => f.customType === SPRINT_TYPE;

/** Whether a field can hold story points: a number. */
export const storyPointsFits = (f: Pick<FieldInfo, 'valueType'>): boolean => f.valueType === 'number';

/** Names of the story point fields: team-managed projects' first, then company-managed projects'. */
const STORY_POINT_NAMES = ['story point estimate', 'story points'];

/**
 * The story point fields to read when JIRA_STORY_POINTS_FIELD_ID is unset: every number field named
 * "Story point estimate" (team-managed projects, often customfield_10016) or "Story Points"
 * (company-managed), in that order, then by id. A site with both kinds of project uses both; an item's
 * estimate is the first that holds a number.
 */
export function chooseStoryPointsFields(
  fields: Pick<FieldInfo, 'id' | 'name' | 'valueType'>[],
): { id: string; name: string }[] {
  const rank = (f: Pick<FieldInfo, 'name'>) => STORY_POINT_NAMES.indexOf(f.name.trim().toLowerCase());
  return fields
    .filter((f) => storyPointsFits(f) && rank(f) >= 0)
    .sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id, 'en', { numeric: true }))
    .map((f) => ({ id: f.id, name: f.name }));
}

/**
 * The sprint field to use when JIRA_SPRINT_FIELD_ID is unset: the default when it is of the sprint
 * type, else the sprint-typed field (named "Sprint" first, then the lowest id); none when there is none.
 */
export function chooseSprintField(
  fields: Pick<FieldInfo, 'id' | 'name' | 'customType'>[],
  defaultId: string,
): { id: string; name: string } | undefined {
  const sprintFields = fields.filter((f) => f.customType === SPRINT_TYPE);
  const chosen =
    sprintFields.find((f) => f.id === defaultId) ??
    sprintFields.find((f) => f.name === 'Sprint') ??
    [...sprintFields].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))[0];
  return chosen ? { id: chosen.id, name: chosen.name } : undefined;
}

/**
 * The checks of the configured customer and sprint fields. With JIRA_SPRINT_FIELD_ID unset, the sprint
 * field checked is the one a sync uses (`chooseSprintField`).
 */
export function jiraFieldChecks(
  catalog: FieldCatalog,
  config: Pick<JiraConfig, 'customerFieldId' | 'sprintFieldId' | 'storyPointsFieldId'> & {
    sprintFieldSet?: boolean;
  },
): FieldCheck[] {
  const chosen =
    config.sprintFieldSet === false ? chooseSprintField(catalog.fields, config.sprintFieldId) : undefined;
  const sprint = checkField(catalog, {
    label: 'Jira sprint field',
    variable: 'JIRA_SPRINT_FIELD_ID',
    id: chosen?.id ?? config.sprintFieldId,
    fits: sprintFits,
    expected: `the sprint field (${SPRINT_TYPE})`,
    suggest: candidates(catalog, sprintFits),
  });
  if (chosen && chosen.id !== config.sprintFieldId && sprint.ok)
    sprint.detail = `unset, and ${config.sprintFieldId} is not the sprint field here: found by type, ${sprint.detail}`;
  return [
    checkField(catalog, {
      label: 'Jira customer field',
      variable: 'JIRA_CUSTOMER_NAME_FIELD_ID',
      id: config.customerFieldId,
      fits: customerFits,
      expected: 'a text or option field',
      suggest: candidates(catalog, (f) => f.custom && customerFits(f) && CUSTOMER_NAME.test(f.name)),
    }),
    sprint,
    storyPointsCheck(catalog, config.storyPointsFieldId),
  ];
}

/** The check of the story point field: the one set, or the first found by name (every one is read). */
function storyPointsCheck(catalog: FieldCatalog, setId: string | undefined): FieldCheck {
  const found = chooseStoryPointsFields(catalog.fields);
  const suggest = candidates(catalog, (f) => storyPointsFits(f) && /point|estimat|effort|size/i.test(f.name));
  const check = checkField(catalog, {
    label: 'Jira story point field',
    variable: 'JIRA_STORY_POINTS_FIELD_ID',
    id: setId ?? found[0]?.id ?? '(none named Story point estimate or Story Points)',
    fits: storyPointsFits,
    expected: 'a number field',
    suggest,
  });
  if (setId === undefined && check.ok)
    check.detail = `unset, found by name: ${found.map((f) => f.id).join(', ')}; ${check.detail}`;
  return check;
}
