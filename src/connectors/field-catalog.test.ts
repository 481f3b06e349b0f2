import { describe, expect, it } from 'vitest';
import { customerFits as adoCustomerFits } from './azure-devops/field-catalog.js';
import { checkField, type FieldCatalog, type FieldInfo, holdsValue } from './field-catalog.js';
import { customerFits as jiraCustomerFits, jiraFieldChecks } from './jira/field-catalog.js';

const field = (f: Partial<FieldInfo> & Pick<FieldInfo, 'id' | 'name' | 'valueType'>): FieldInfo => ({
  type: f.valueType,
  custom: true,
  populated: 0,
  ...f,
});

// Shaped like a real Jira Cloud site, where customfield_10001 is often the Team field.
const catalog: FieldCatalog = {
  sampled: 200,
  itemNoun: 'issues',
  fields: [
    field({
      id: 'customfield_10001',
      name: 'Team',
      type: 'rm-teams-custom-field-team',
      customType: 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team',
      valueType: 'team',
      populated: 150,
    }),
    field({
      id: 'customfield_10020',
      name: 'Sprint',
      type: 'gh-sprint',
      customType: 'com.pyxis.greenhopper.jira:gh-sprint',
      valueType: 'array<json>',
      populated: 90,
    }),
    field({
      id: 'customfield_10045',
      name: 'Customer Name',
      type: 'select',
      customType: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
      valueType: 'option',
      populated: 126,
    }),
    field({
      id: 'customfield_10050',
      name: 'Client tier',
      type: 'textfield',
      valueType: 'string',
      populated: 0,
    }),
    field({ id: 'summary', name: 'Summary', valueType: 'string', custom: false, populated: 200 }),
  ],
};

describe('field checks', () => {
  it('refuses the Team field as a customer and suggests fields named like one, most populated first', () => {
    const [customer, sprint] = jiraFieldChecks(catalog, {
      customerFieldId: 'customfield_10001',
      sprintFieldId: 'customfield_10020',
    });
    expect(customer).toMatchObject({ ok: false, name: 'Jira customer field (JIRA_CUSTOMER_NAME_FIELD_ID)' });
    expect(customer!.detail).toBe(
      "JIRA_CUSTOMER_NAME_FIELD_ID=customfield_10001 'Team' (rm-teams-custom-field-team), set in 75% of 200 recent issues: not a text or option field",
    );
    expect(customer!.fix).toBe(
      "set JIRA_CUSTOMER_NAME_FIELD_ID to a text or option field; likely: customfield_10045 'Customer Name' (select), set in 63% of 200 recent issues; customfield_10050 'Client tier' (textfield), set in 0% of 200 recent issues",
    );
    expect(sprint).toMatchObject({
      ok: true,
      detail: "customfield_10020 'Sprint' (gh-sprint), set in 45% of 200 recent issues",
    });
  });

  it('warns on a fitting field no recent item holds', () => {
    const check = checkField(catalog, {
      label: 'customer field',
      variable: 'X',
      id: 'customfield_10050',
      fits: jiraCustomerFits,
      expected: 'text',
      suggest: [],
    });
    expect(check).toMatchObject({ ok: true, warn: true });
    expect(check.fix).toMatch(/none found by name and type: see `worksync fields`/);
  });

  it('knows which field types hold a customer on each platform', () => {
    const jiraTypes = [
      'string',
      'option',
      'array<option>',
      'array<string>',
      'team',
      'user',
      'number',
      'array<json>',
    ];
    expect(
      jiraTypes.filter((valueType) => jiraCustomerFits(field({ id: 'x', name: 'x', valueType }))),
    ).toEqual(['string', 'option', 'array<option>', 'array<string>']);
    const adoTypes = ['string', 'plainText', 'html', 'integer', 'identity', 'treePath'];
    expect(adoTypes.filter((valueType) => adoCustomerFits(field({ id: 'x', name: 'x', valueType })))).toEqual(
      ['string', 'plainText'],
    );
  });

  it('counts a value only when there is one', () => {
    expect([null, undefined, '', [], {}, 0, false, 'a', ['x'], { value: 'A' }].map(holdsValue)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});
