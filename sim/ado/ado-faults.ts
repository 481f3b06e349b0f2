/**
 * Azure DevOps-shaped faults the shared FaultInjector cannot express (its 5xx body is generic):
 * a 500 with a TF246020-style body, a 503 with or without Retry-After, and the WIQL query timeout
 * VS402335. Rules match a path substring and apply to the next `count` matching API requests.
 */
import type { SimResponse } from '../common/server.js';
import { adoError } from './errors.js';

export type AdoFaultRule = (
  | { kind: 'database-error' }
  | { kind: 'unavailable'; retryAfterSeconds?: number }
  | { kind: 'query-timeout' }
) & { path?: string; count?: number };

export class AdoFaults {
  private rules: AdoFaultRule[] = [];

  add(rule: AdoFaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault response for this request, if a rule applies (consumes one use). */
  take(path: string): SimResponse | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.path === undefined || path.includes(r.path)) &&
        (r.count === undefined || r.count > 0) &&
        (r.kind !== 'query-timeout' || /\/_apis\/wit\/wiql$/i.test(path)),
    );
    if (!rule) return undefined;
    if (rule.count !== undefined) rule.count -= 1;
    this.rules = this.rules.filter((r) => r.count === undefined || r.count > 0);
    switch (rule.kind) {
      case 'database-error':
        return adoError(
          500,
          'TF246020: Microsoft SQL Server could not complete your request. The database operation was aborted. Try the request again.',
          'Microsoft.TeamFoundation.Framework.Server.DatabaseOperationTimeoutException, Microsoft.TeamFoundation.Framework.Server',
        );
      case 'unavailable': {
        const res = adoError(
          503,
          'TF400898: An Internal Error Occurred. The service is temporarily unavailable.',
          'Microsoft.VisualStudio.Services.Common.VssServiceUnavailableException, Microsoft.VisualStudio.Services.Common',
        );
        if (rule.retryAfterSeconds !== undefined)
          res.headers = { ...res.headers, 'retry-after': String(rule.retryAfterSeconds) };
        return res;
      }
      case 'query-timeout':
        return adoError(
          400,
          'VS402335: The timeout period (30 seconds) elapsed prior to completion of the query or the server is not responding.',
          'Microsoft.TeamFoundation.WorkItemTracking.Server.WorkItemTrackingQueryTimeoutException, Microsoft.TeamFoundation.WorkItemTracking.Server',
          3200,
        );
    }
  }
}
