import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { isLoopbackHost, parseConfig } from './schema.js';
import { maskSecrets } from './secrets.js';

const jira = {
  JIRA_CLOUD_URL: 'https://acme.atlassian.net/',
  JIRA_PROJECT_KEY: 'ABC, DEF,ABC',
  JIRA_USER_EMAIL: 'bot@acme.io',
  JIRA_API_TOKEN: 'jira-token-123',
};
const ado = {
  ADO_ORGANIZATION: 'acme',
  ADO_PROJECT: 'Web,Mobile',
  ADO_SCRUM_PROJECT: 'Web:Team A, Data:Team B',
  ADO_PERSONAL_ACCESS_TOKEN: 'ado-pat-456',
};

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('uses the embedded database and the defaults when nothing is set', () => {
    const config = parseConfig({}, '/srv');
    expect(config.database).toMatchObject({ kind: 'pglite', dataDir: '/srv/data' });
    expect(config).toMatchObject({
      adoSchema: 'public',
      jiraSchema: 'jira_sync',
      syncIntervalMinutes: 60,
      logDir: '/srv/logs',
      logLevel: 'info',
    });
    expect(config.ado).toBeUndefined();
    expect(config.jira).toBeUndefined();
  });

  it('reads both platforms with their lists and defaults', () => {
    const config = parseConfig({ ...jira, ...ado }, '/srv');
    expect(config.jira).toEqual({
      url: 'https://acme.atlassian.net',
      projectKeys: ['ABC', 'DEF'],
      email: 'bot@acme.io',
      apiToken: 'jira-token-123',
      customerFieldId: 'customfield_10001',
      sprintFieldId: 'customfield_10020',
      sprintFieldSet: false,
      gatewayUrl: 'https://api.atlassian.com',
      probeGateway: true,
    });
    expect(config.ado).toEqual({
      organization: 'acme',
      projects: ['Web', 'Mobile', 'Data'],
      wholeOrganization: false,
      teams: [
        { project: 'Web', team: 'Team A' },
        { project: 'Data', team: 'Team B' },
      ],
      auth: { kind: 'pat', pat: 'ado-pat-456' },
      baseUrl: 'https://dev.azure.com',
      customerField: 'Custom.CustomerName',
    });
  });

  it('reads ADO_PROJECT=* as the whole organisation, keeping the team projects for their sprints', () => {
    const config = parseConfig({ ...ado, ADO_PROJECT: '*' });
    expect(config.ado).toMatchObject({ wholeOrganization: true, projects: ['Web', 'Data'] });
  });

  it('builds a PostgreSQL connection from the PG_* variables, port 5432 by default', () => {
    const config = parseConfig({ PG_HOST: 'db', PG_USERNAME: 'u', PG_PASSWORD: 'p4ss', PG_DATABASE: 'w' });
    expect(config.database).toEqual({
      kind: 'postgres',
      connection: { host: 'db', port: 5432, user: 'u', password: 'p4ss', database: 'w' },
      display: 'db:5432/w',
    });
    expect(config.secrets).toContain('p4ss');
  });

  it('reports every bad variable at once, each by name', () => {
    const found = problems({
      PG_PORT: 'abc',
      ...jira,
      JIRA_API_TOKEN: '',
      SYNC_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'loud',
    });
    const text = found.join('\n');
    for (const name of ['PG_PORT', 'JIRA_API_TOKEN', 'SYNC_INTERVAL_MINUTES', 'LOG_LEVEL', 'PG_HOST']) {
      expect(text).toContain(name);
    }
  });

  it('reads the forecast settings, defaults 12 weeks, 10,000 trials, 14/28/56/84 days, and reports bad ones by name', () => {
    expect(parseConfig({}, '/srv').metrics.forecast).toEqual({
      windowWeeks: 12,
      trials: 10_000,
      horizonDays: [14, 28, 56, 84],
      seed: 42,
    });
    const set = parseConfig(
      { FORECAST_WINDOW_WEEKS: '8', FORECAST_TRIALS: '2000', FORECAST_HORIZON_DAYS: '30, 7,30' },
      '/srv',
    );
    expect(set.metrics.forecast).toMatchObject({ windowWeeks: 8, trials: 2000, horizonDays: [7, 30] });
    const bad = problems({
      FORECAST_WINDOW_WEEKS: '0',
      FORECAST_TRIALS: '10k',
      FORECAST_HORIZON_DAYS: '14,0',
    });
    expect(bad.map((p) => p.split(' ')[0])).toEqual([
      'FORECAST_WINDOW_WEEKS',
      'FORECAST_TRIALS',
      'FORECAST_HORIZON_DAYS',
    ]);
  });

  it('names the missing variables of a half-configured platform', () => {
    expect(problems({ ADO_ORGANIZATION: 'acme' }).join()).toMatch(
      /ADO_PERSONAL_ACCESS_TOKEN, ADO_PROJECT missing/,
    );
    expect(problems({ JIRA_CLOUD_URL: 'https://x.atlassian.net' }).join()).toMatch(
      /JIRA_PROJECT_KEY, JIRA_USER_EMAIL, JIRA_API_TOKEN missing/,
    );
  });

  it('rejects bad schema names and equal schemas', () => {
    expect(problems({ JIRA_SCHEMA_NAME: 'jira-sync' }).join()).toMatch(
      /JIRA_SCHEMA_NAME must be a PostgreSQL identifier/,
    );
    expect(problems({ JIRA_SCHEMA_NAME: 'public' }).join()).toMatch(/must differ/);
  });

  it('refuses plain http outside loopback for both platform URLs at once, each by name', () => {
    const found = problems({
      ...jira,
      ...ado,
      JIRA_CLOUD_URL: 'http://my-company.atlassian.net',
      ADO_BASE_URL: 'HTTP://ado.lab.example:8080/tfs',
      PG_PORT: 'abc',
    });
    const text = found.join('\n');
    expect(text).toMatch(/JIRA_CLOUD_URL uses plain http to my-company\.atlassian\.net/);
    expect(text).toMatch(/ADO_BASE_URL uses plain http to ado\.lab\.example/);
    expect(text).toMatch(/use https:\/\/, or set WORKSYNC_ALLOW_INSECURE_HTTP=true/);
    // Collected with the other problems, not instead of them.
    expect(text).toContain('PG_PORT');
  });

  it('refuses hosts that only look like loopback', () => {
    for (const url of [
      'http://127.0.0.1.evil.example',
      'http://127.0.0.1@evil.example',
      'http://localhost.evil.example',
      'http://[::2]',
      'http://10.0.0.1',
      'http://0.0.0.0',
    ]) {
      expect(problems({ ...jira, JIRA_CLOUD_URL: url }).join(), url).toMatch(
        /JIRA_CLOUD_URL uses plain http/,
      );
    }
  });

  it('allows plain http to loopback (simulators, tests) and https anywhere', () => {
    for (const url of [
      'http://127.0.0.1:8080',
      'http://127.9.8.7',
      'http://localhost:3000/',
      'http://LOCALHOST',
      'http://[::1]:9000',
      'https://my-company.atlassian.net',
    ]) {
      expect(problems({ ...jira, ...ado, JIRA_CLOUD_URL: url, ADO_BASE_URL: url }), url).toEqual([]);
    }
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });

  it('allows plain http to a lab server with WORKSYNC_ALLOW_INSECURE_HTTP=true, and says so', () => {
    const config = parseConfig({
      ...jira,
      JIRA_CLOUD_URL: 'http://jira.lab.example',
      WORKSYNC_ALLOW_INSECURE_HTTP: 'TRUE',
    });
    expect(config.jira?.url).toBe('http://jira.lab.example');
    expect(config.insecureHttp).toEqual(['JIRA_CLOUD_URL']);
    expect(parseConfig({ ...jira }).insecureHttp).toBeUndefined();
    expect(
      problems({
        ...jira,
        JIRA_CLOUD_URL: 'http://jira.lab.example',
        WORKSYNC_ALLOW_INSECURE_HTTP: 'false',
      }).join(),
    ).toMatch(/JIRA_CLOUD_URL uses plain http/);
    expect(problems({ WORKSYNC_ALLOW_INSECURE_HTTP: 'yes' }).join()).toMatch(
      /WORKSYNC_ALLOW_INSECURE_HTTP must be true or false/,
    );
  });

  it('masks every configured secret, in plain, URL-encoded and Basic-auth forms, and URL passwords', () => {
    const config = parseConfig({ ...jira, ...ado, DATABASE_URL: 'postgres://u:s%40cret@db:5432/w' });
    const basic = Buffer.from('bot@acme.io:jira-token-123').toString('base64');
    const text = `token jira-token-123 pat ado-pat-456 auth Basic ${basic} url postgres://u:s%40cret@db/w raw s@cret`;
    const masked = maskSecrets(text, config.secrets);
    for (const secret of ['jira-token-123', 'ado-pat-456', basic, 's%40cret', 's@cret']) {
      expect(masked).not.toContain(secret);
    }
    expect(masked).toContain('***');
  });
});

describe('Azure DevOps sign-in (ADO_AUTH)', () => {
  const entra = {
    ADO_ORGANIZATION: 'acme',
    ADO_PROJECT: 'Web',
    ADO_AUTH: 'entra',
    AZURE_TENANT_ID: 'tenant-1',
    AZURE_CLIENT_ID: 'client-1',
  };

  it('defaults to the PAT, and names the Entra switch when the PAT is missing', () => {
    expect(parseConfig(ado, '/srv').ado?.auth).toEqual({ kind: 'pat', pat: 'ado-pat-456' });
    const [problem] = problems({ ADO_ORGANIZATION: 'acme', ADO_PROJECT: 'Web' });
    expect(problem).toMatch(/ADO_PERSONAL_ACCESS_TOKEN missing .*ADO_AUTH=entra.*ADO_AUTH=managed-identity/);
  });

  it('reads a service principal with a secret, a certificate (path from the working folder) or a federated token', () => {
    const config = parseConfig(
      {
        ...entra,
        AZURE_CLIENT_SECRET: 'sp-secret-789',
        AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
      },
      '/srv',
    );
    expect(config.ado?.auth).toEqual({
      kind: 'entra',
      tenantId: 'tenant-1',
      clientId: 'client-1',
      credential: { type: 'secret', secret: 'sp-secret-789' },
      authorityHost: 'https://login.microsoftonline.us',
    });
    expect(config.secrets).toContain('sp-secret-789');
    expect(
      parseConfig(
        {
          ...entra,
          AZURE_CLIENT_CERTIFICATE_PATH: 'certs/sp.pem',
          AZURE_CLIENT_CERTIFICATE_PASSWORD: ' pw ',
        },
        '/srv',
      ).ado?.auth,
    ).toMatchObject({ credential: { type: 'certificate', path: '/srv/certs/sp.pem', password: ' pw ' } });
    expect(
      parseConfig({ ...entra, AZURE_FEDERATED_TOKEN_FILE: '/var/run/token' }, '/srv').ado?.auth,
    ).toMatchObject({
      credential: { type: 'federated', tokenFile: '/var/run/token' },
    });
  });

  it('reports what an Entra sign-in lacks, too many credentials, a bad mode and an http authority', () => {
    expect(problems({ ...entra, AZURE_TENANT_ID: '' })).toEqual([
      'ADO_AUTH=entra needs AZURE_TENANT_ID, one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE',
    ]);
    expect(
      problems({ ...entra, AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_CERTIFICATE_PATH: 'c.pem' })[0],
    ).toMatch(/set only one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH/);
    expect(problems({ ...entra, ADO_AUTH: 'oauth' })[0]).toMatch(
      /ADO_AUTH must be pat, entra or managed-identity/,
    );
    expect(
      problems({ ...entra, AZURE_CLIENT_SECRET: 's', AZURE_AUTHORITY_HOST: 'http://login.example' })[0],
    ).toMatch(/AZURE_AUTHORITY_HOST must be an https:\/\/ URL/);
  });

  it('a managed identity needs no secret (AZURE_CLIENT_ID picks a user-assigned one); a federated token file belongs to entra', () => {
    const base = { ADO_ORGANIZATION: 'acme', ADO_PROJECT: 'Web', ADO_AUTH: 'managed-identity' };
    expect(parseConfig(base, '/srv').ado?.auth).toEqual({ kind: 'managed-identity' });
    expect(parseConfig({ ...base, AZURE_CLIENT_ID: 'mi-1' }, '/srv').ado?.auth).toEqual({
      kind: 'managed-identity',
      clientId: 'mi-1',
    });
    expect(problems({ ...base, AZURE_FEDERATED_TOKEN_FILE: '/t' })[0]).toMatch(/use ADO_AUTH=entra/);
    expect(parseConfig({ ...base, IDENTITY_HEADER: 'mi-header-secret' }, '/srv').secrets).toContain(
      'mi-header-secret',
    );
  });

  it('masks Bearer tokens and JWTs it was never told about', () => {
    const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiI0OTliODRhYyJ9.c2lnbmF0dXJlLXBhcnQ';
    const text = `authorization: Bearer ${jwt}; token=${jwt}; header Bearer abcdefghijklmnopqrstuvwxyz0123; a Bearer token`;
    const masked = maskSecrets(text, []);
    expect(masked).not.toContain(jwt);
    expect(masked).not.toContain('abcdefghijklmnopqrstuvwxyz0123');
    expect(masked).toContain('a Bearer token');
  });
});
