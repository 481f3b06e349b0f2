/**
 * Azure DevOps error responses: the JSON error body `{$id, innerException, message, typeName, typeKey,
 * errorCode, eventId}` (content type without api-version), the 401 with its WWW-Authenticate set, the
 * 203 HTML sign-in page, the text/plain routing 404 and the 429. Messages and type names come from the
 * API notes; where a type name was never recorded the closest recorded one is used (see README).
 */
import type { SimResponse } from '../common/server.js';

const WIT = 'Microsoft.TeamFoundation.WorkItemTracking.Server';
const VSS = 'Microsoft.VisualStudio.Services.WebApi';

export function adoError(status: number, message: string, typeName: string, eventId = 3000): SimResponse {
  const typeKey = typeName.split(',')[0]!.split('.').pop()!;
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: { $id: '1', innerException: null, message, typeName, typeKey, errorCode: 0, eventId },
  };
}

export const ERR = {
  workItemNotFound: (id: number) =>
    adoError(
      404,
      `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
      `${WIT}.WorkItemUnauthorizedAccessException, ${WIT}`,
      3200,
    ),
  projectNotFound: (name: string) =>
    adoError(
      404,
      `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
      'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
    ),
  teamNotFound: (name: string) =>
    adoError(
      404,
      `The team with id '${name}' does not exist.`,
      'Microsoft.TeamFoundation.Core.WebApi.TeamNotFoundException, Microsoft.TeamFoundation.Core.WebApi',
    ),
  tooManyIds: (n: number, limit: number) =>
    adoError(
      400,
      `VS403474: You requested ${n} work items which exceeds the limit of ${limit}`,
      `${WIT}.WorkItemPageSizeExceededException, ${WIT}`,
      3200,
    ),
  querySizeLimit: (limit: number) =>
    adoError(
      400,
      `VS402337: The number of work items returned exceeds the size limit of ${limit}. Change the query to return fewer items.`,
      `${WIT}.WorkItemTrackingQueryResultSizeLimitExceededException, ${WIT}`,
      3200,
    ),
  query: (message: string) => adoError(400, message, `${WIT}.WorkItemTrackingQueryException, ${WIT}`, 3200),
  expandWithFields: () =>
    adoError(
      400,
      'The expand parameter can not be used with the fields parameter.',
      'System.ArgumentException, mscorlib',
    ),
  fieldNotFound: (name: string) =>
    adoError(
      400,
      `TF51535: Cannot find field ${name}.`,
      `${WIT}.Metadata.WorkItemFieldInvalidException, ${WIT}`,
      3200,
    ),
  badArgument: (message: string) => adoError(400, message, 'System.ArgumentException, mscorlib'),
  versionMissing: (method: string) =>
    adoError(
      400,
      `No api-version was supplied for the "${method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
      `${VSS}.VssVersionNotSpecifiedException, ${VSS}`,
    ),
  versionInvalid: (v: string) =>
    adoError(400, `The api-version '${v}' is not valid.`, `${VSS}.VssInvalidApiVersionException, ${VSS}`),
  versionOutOfRange: (v: string, max: string) =>
    adoError(
      400,
      `The requested REST API version of ${v} is out of range for this server. The latest REST API version this server supports is ${max}.`,
      `${VSS}.VssVersionOutOfRangeException, ${VSS}`,
    ),
  previewRequired: (v: string) =>
    adoError(
      400,
      `The requested version "${v}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${v}-preview"`,
      `${VSS}.VssInvalidPreviewVersionException, ${VSS}`,
    ),
};

/** 401 as sent with `X-TFS-FedAuthRedirect: Suppress` (or by non-browser flows). */
export function unauthorized(anonymous: boolean, base: string): SimResponse {
  const message = anonymous
    ? 'TF400813: Resource not available for anonymous access. Client authentication required.'
    : "TF400813: The user '' is not authorized to access this resource.";
  const res = adoError(
    401,
    message,
    'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
  );
  res.headers = {
    ...res.headers,
    'www-authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000, Basic realm="${base}/", TFS-Federated`,
    'x-tfs-fedauthrealm': 'https://app.vssps.visualstudio.com/',
    'x-tfs-fedauthissuer': `${base}/`,
    'x-vss-resourcetenant': '00000000-0000-0000-0000-000000000000',
    'x-tfs-serviceerror': encodeURIComponent(message),
    'x-tfs-soapexception': encodeURIComponent(
      `<?xml version="1.0" encoding="utf-8"?><soap:Envelope><soap:Body><soap:Fault><faultstring>${message}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
    ),
  };
  return res;
}

/** The 203 Non-Authoritative Information sign-in page a browser-style request gets for bad credentials. */
export function signInPage(): SimResponse {
  const html = `<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="utf-8"><title>Azure DevOps Services | Sign In</title></head>
<body>
<div id="signin">Sign in to your account to continue to Azure DevOps.</div>
<form method="post" action="/_signin"><input type="hidden" name="realm" value="app.vssps.visualstudio.com"></form>
</body>
</html>`;
  return { status: 203, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html };
}

/** Unknown routes: text/plain 404 with the message echoed URL-encoded in `x-tfs-serviceerror`. */
export function routeNotFound(path: string): SimResponse {
  const message = `The controller for path '${path}' was not found or does not implement IController.`;
  return { status: 404, headers: { 'x-tfs-serviceerror': encodeURIComponent(message) }, body: message };
}
