/**
 * Credentials fetched per request instead of one fixed header: an access token obtained, cached and
 * refreshed by its provider (Azure DevOps with Microsoft Entra ID). The HTTP client asks for the header
 * before every try, and after a 401 tells the provider which one was refused and tries once more.
 */
export interface Authorization {
  /** The `Authorization` header value for the next request (e.g. `Bearer <token>`). */
  header(): Promise<string>;
  /** A 401 answered a request sent with `header`: forget it, so the next `header()` brings a fresh token. */
  rejected(header: string): void;
}
