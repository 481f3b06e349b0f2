import type { AdoConfig } from '../../config/config.js';
import {
  candidates,
  checkField,
  countPopulated,
  type FieldCatalog,
  type FieldCheck,
  type FieldInfo,
} from '../field-catalog.js';
import { type AdoApi, BATCH_IDS } from './api.js';
import { ESTIMATE_FIELDS } from './map-item.js';

/** Names a customer field is likely to have. */
const CUSTOMER_NAME = /customer|client|kunde|tenant|account|organi[sz]ation/i;

/** `GET {org}/_apis/wit/fields` entry (the parts used). */
export interface AdoFieldDetails {
  referenceName: string;
  name: string;
  type: string;
  isPicklist?: boolean;
}

/**
 * The organisation's fields, with the share of the configured projects' (every project's with
 * ADO_PROJECT=*) most recently changed items (up to 200: one WIQL and one `workitemsbatch` with every
 * field) holding each.
 */
export async function adoFieldCatalog(
  api: AdoApi,
  config: Pick<AdoConfig, 'wholeOrganization' | 'projects'>,
): Promise<FieldCatalog> {
  const details = await api.fields();
  const ids = await api.recentlyChangedIds(config.wholeOrganization ? undefined : config.projects, BATCH_IDS);
  const items = ids.length > 0 ? await api.workItemsBatch(ids) : [];
  const counts = countPopulated(items.map((i) => i.fields));
  return {
    fields: details.map(
      (d): FieldInfo => ({
        id: d.referenceName,
        name: d.name,
        type: d.isPicklist ? `picklist ${d.type}` : d.type,
        valueType: d.type,
        custom: !/^(System|Microsoft)\./.test(d.referenceName),
        populated: counts.get(d.referenceName) ?? 0,
      }),
    ),
    sampled: items.length,
    itemNoun: 'work items',
  };
}

/** Whether a field can hold a customer: text (a picklist of strings included). */
export const customerFits = (f: FieldInfo): boolean => ['string', 'plainText'].includes(f.valueType);

/** Whether a field can hold an estimate: a number. */
export const estimateFits = (f: FieldInfo): boolean => ['double', 'integer'].includes(f.valueType);

/**
 * The check of the estimate field: ADO_STORY_POINTS_FIELD, else the process fields (Story Points,
 * Effort, Size) the organisation has, each item reading the first it holds; the most populated is shown.
 */
function storyPointsCheck(catalog: FieldCatalog, configured: string | undefined): FieldCheck {
  const known = catalog.fields.filter((f) => (ESTIMATE_FIELDS as readonly string[]).includes(f.id));
  const best = [...known].sort((a, b) => b.populated - a.populated)[0];
  const check = checkField(catalog, {
    label: 'Azure DevOps story point field',
    variable: 'ADO_STORY_POINTS_FIELD',
    id: configured ?? best?.id ?? ESTIMATE_FIELDS[0],
    fits: estimateFits,
    expected: 'a number field',
    suggest: candidates(catalog, (f) => estimateFits(f) && /point|effort|size|estimat/i.test(f.name)),
  });
  if (configured === undefined && check.ok)
    check.detail = `unset: the first of ${known.map((f) => f.id).join(', ')} an item holds; ${check.detail}`;
  return check;
}

/** The checks of the configured customer and story point fields. */
export function adoFieldChecks(
  catalog: FieldCatalog,
  config: Pick<AdoConfig, 'customerField' | 'storyPointsField'>,
): FieldCheck[] {
  return [
    checkField(catalog, {
      label: 'Azure DevOps customer field',
      variable: 'ADO_CUSTOMER_NAME_FIELD',
      id: config.customerField,
      fits: customerFits,
      expected: 'a text field',
      suggest: candidates(catalog, (f) => f.custom && customerFits(f) && CUSTOMER_NAME.test(f.name)),
    }),
    storyPointsCheck(catalog, config.storyPointsField),
  ];
}
