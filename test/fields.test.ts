import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdoSim, startAdoSim } from '../sim/ado/index.js';
import { type JiraSim, startJiraSim } from '../sim/jira/index.js';
import type { FieldInfo } from '../src/connectors/field-catalog.js';
import { runCli } from './support/run-cli.js';

/** `worksync fields` and doctor's field checks, end to end against both simulators. */
let jira: JiraSim;
let ado: AdoSim;
beforeAll(async () => {
  [jira, ado] = await Promise.all([
    startJiraSim({ items: 150, seed: 5 }),
    startAdoSim({ items: 150, seed: 5 }),
  ]);
});
afterAll(async () => {
  await Promise.all([jira.close(), ado.close()]);
});

function setup(extra: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'ws-fields-'));
  return {
    cwd,
    env: {
      ...jira.env(),
      ...ado.env(),
      WORKSYNC_DATA_DIR: join(cwd, 'data'),
      LOG_DIR: join(cwd, 'logs'),
      ...extra,
    },
  };
}

interface Listed {
  platforms: { platform: string; sampled: number; fields: FieldInfo[] }[];
}

describe('worksync fields', () => {
  it('lists every Jira field with its type and how many recent issues hold it', async () => {
    const { cwd, env } = setup();
    const result = await runCli(['fields', 'jira', '--json'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    const [listed] = (JSON.parse(result.stdout) as Listed).platforms;
    expect(listed!.platform).toBe('jira');
    expect(listed!.sampled).toBeGreaterThan(100);
    const byId = new Map(listed!.fields.map((f) => [f.id, f]));
    expect(byId.get('customfield_10020')).toMatchObject({
      name: 'Sprint',
      type: 'gh-sprint',
      customType: 'com.pyxis.greenhopper.jira:gh-sprint',
      custom: true,
    });
    expect(byId.get('customfield_10001')).toMatchObject({ name: 'Customer', custom: true });
    expect(byId.get('customfield_10001')!.populated).toBeGreaterThan(0);
    expect(byId.get('summary')).toMatchObject({ type: 'string', custom: false, populated: listed!.sampled });
  });

  it('lists the Azure DevOps fields and filters by name', async () => {
    const { cwd, env } = setup();
    const result = await runCli(['fields', 'ado', '--search', 'customer'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Custom\.CustomerName\s+Customer Name\s+string\s+yes\s+\d+%/);
    expect(result.stdout).not.toMatch(/System\.Title/);
  });
});

describe('worksync doctor checks the configured fields', () => {
  it('passes the simulators’ own settings', async () => {
    const { cwd, env } = setup();
    const result = await runCli(['doctor'], { cwd, env });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /ok {4}Jira sprint field \(JIRA_SPRINT_FIELD_ID\): customfield_10020 'Sprint'/,
    );
    expect(result.stdout).toMatch(/ok {4}Jira customer field \(JIRA_CUSTOMER_NAME_FIELD_ID\)/);
    expect(result.stdout).toMatch(/ok {4}Azure DevOps customer field \(ADO_CUSTOMER_NAME_FIELD\)/);
  });

  it('fails on a missing or misused field, naming the variable and suggesting the right one', async () => {
    const { cwd, env } = setup({
      JIRA_CUSTOMER_NAME_FIELD_ID: 'customfield_99999',
      JIRA_SPRINT_FIELD_ID: 'customfield_10001',
      ADO_CUSTOMER_NAME_FIELD: 'Custom.Nope',
    });
    const result = await runCli(['doctor', '--json'], { cwd, env });
    expect(result.code).toBe(1);
    const checks = JSON.parse(result.stdout) as {
      name: string;
      status: string;
      detail: string;
      fix?: string;
    }[];
    const check = (variable: string) => checks.find((c) => c.name.includes(`(${variable})`))!;
    expect(check('JIRA_CUSTOMER_NAME_FIELD_ID')).toMatchObject({
      status: 'fail',
      detail: 'JIRA_CUSTOMER_NAME_FIELD_ID=customfield_99999: no such field on this instance',
    });
    expect(check('JIRA_CUSTOMER_NAME_FIELD_ID').fix).toMatch(
      /likely: customfield_10001 'Customer' \(select\), set in \d+% of \d+ recent issues/,
    );
    expect(check('JIRA_SPRINT_FIELD_ID').status).toBe('fail');
    expect(check('JIRA_SPRINT_FIELD_ID').detail).toMatch(
      /customfield_10001 'Customer'.*not the sprint field/,
    );
    expect(check('JIRA_SPRINT_FIELD_ID').fix).toMatch(/likely: customfield_10020 'Sprint' \(gh-sprint\)/);
    expect(check('ADO_CUSTOMER_NAME_FIELD')).toMatchObject({ status: 'fail' });
    expect(check('ADO_CUSTOMER_NAME_FIELD').fix).toMatch(
      /likely: Custom\.CustomerName 'Customer Name' \(string\)/,
    );
  });
});
