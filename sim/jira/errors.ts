/**
 * Jira's error bodies (`ErrorCollection`) and the exact messages the notes record
 * (shared/reference/jira/API-NOTES.md sections 2.1, 2.2, 5 and 7).
 */

export const JIRA_ERRORS = {
  unboundedJql: 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
  removedSearch:
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  issueNotFound: 'Issue does not exist or you do not have permission to see it.',
  unauthenticated: 'Client must be authenticated to access this resource.',
  /** Unconfirmed wording (third-party mocks use it). */
  badToken: 'The provided next page token is invalid or expired.',
} as const;

export function errorBody(
  errorMessages: string[],
  errors: Record<string, string> = {},
): {
  errorMessages: string[];
  errors: Record<string, string>;
} {
  return { errorMessages, errors };
}
