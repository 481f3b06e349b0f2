import { z } from 'zod';

/**
 * The parts of a Jira Cloud v3 issue that worksync maps, validated loosely: unknown keys pass through
 * (the whole `fields` object is kept in `raw`), missing optional parts become null.
 */
const named = z.object({ name: z.string() }).passthrough();
const user = z
  .object({ displayName: z.string().optional(), accountId: z.string().optional() })
  .passthrough()
  .nullish();
const linkedIssue = z.object({ id: z.string(), key: z.string() }).passthrough();

export const jiraIssueSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z
    .object({
      summary: z.string().nullish(),
      status: named.extend({ statusCategory: z.object({ key: z.string() }).passthrough().nullish() }),
      issuetype: named,
      project: z.object({ key: z.string() }).passthrough(),
      created: z.union([z.string(), z.number()]),
      updated: z.union([z.string(), z.number()]),
      resolutiondate: z.union([z.string(), z.number()]).nullish(),
      statuscategorychangedate: z.union([z.string(), z.number()]).nullish(),
      priority: named.nullish(),
      assignee: user,
      reporter: user,
      creator: user,
      components: z.array(named).nullish(),
      labels: z.array(z.string()).nullish(),
      description: z.unknown().optional(),
      parent: linkedIssue.nullish(),
      subtasks: z.array(linkedIssue).nullish(),
      issuelinks: z
        .array(
          z
            .object({
              type: z.object({ name: z.string(), inward: z.string(), outward: z.string() }).passthrough(),
              inwardIssue: linkedIssue.optional(),
              outwardIssue: linkedIssue.optional(),
            })
            .passthrough(),
        )
        .nullish(),
    })
    .passthrough(),
  changelog: z
    .object({ total: z.number().optional(), histories: z.array(z.unknown()) })
    .passthrough()
    .optional(),
});

export type JiraIssue = z.infer<typeof jiraIssueSchema>;

const changeItem = z.object({
  field: z.string(),
  fieldtype: z.string().nullish(),
  fieldId: z.string().nullish(),
  from: z.string().nullish(),
  fromString: z.string().nullish(),
  to: z.string().nullish(),
  toString: z.string().nullish(),
});

/**
 * One changelog entry (a "history"): several field changes made at once by one author. Unknown keys
 * are stripped: a batch holds tens of thousands of histories, and only these parts are mapped.
 */
export const jiraHistorySchema = z.object({
  id: z.string(),
  author: z.object({ displayName: z.string().optional() }).nullish(),
  created: z.union([z.string(), z.number()]),
  items: z.array(changeItem),
});

export type JiraHistory = z.infer<typeof jiraHistorySchema>;
export type JiraChangeItem = z.infer<typeof changeItem>;
