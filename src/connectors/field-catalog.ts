/**
 * The fields of an instance, as `worksync fields` lists them and `worksync doctor` checks the configured
 * ones: id (Jira) or reference name (Azure DevOps), name, type, and how many of the most recently
 * changed items hold a value (a sample of at most a few hundred, read in one or two requests).
 */
export interface FieldInfo {
  /** `customfield_10045`, `summary`; `Custom.CustomerName`, `System.Title`. */
  id: string;
  name: string;
  /** Short type: Jira's custom type's last part (`select`, `gh-sprint`) or schema type; the ADO field type. */
  type: string;
  /** The full custom type (Jira `schema.custom`), when there is one. */
  customType?: string;
  /** The values it holds: Jira's schema type with its items (`option`, `array<option>`); the ADO type. */
  valueType: string;
  custom: boolean;
  /** Sampled items holding a value. */
  populated: number;
}

export interface FieldCatalog {
  fields: FieldInfo[];
  /** Items sampled for `populated`. */
  sampled: number;
  /** What one sampled item is called in messages: "issues", "work items". */
  itemNoun: string;
}

/** One doctor check of a configured field. */
export interface FieldCheck {
  name: string;
  ok: boolean;
  /** A warning rather than a failure (the field fits, but no sampled item holds a value). */
  warn?: boolean;
  detail: string;
  fix?: string;
}

/** `customfield_10045 'Customer Name' (select), set in 63% of 200 recent issues`. */
export function describeField(field: FieldInfo, catalog: FieldCatalog): string {
  return `${field.id} '${field.name}' (${field.type}), ${populatedText(field, catalog)}`;
}

function populatedText(field: FieldInfo, catalog: FieldCatalog): string {
  if (catalog.sampled === 0) return `no recent ${catalog.itemNoun} to sample`;
  const share = Math.round((100 * field.populated) / catalog.sampled);
  return `set in ${share}% of ${catalog.sampled} recent ${catalog.itemNoun}`;
}

/** The fields that fit, best first: most populated, then by name. */
export function candidates(catalog: FieldCatalog, fits: (f: FieldInfo) => boolean): FieldInfo[] {
  return catalog.fields
    .filter(fits)
    .sort((a, b) => b.populated - a.populated || a.name.localeCompare(b.name));
}

/**
 * The check of one configured field: it must exist and its type fit its use; a fitting field no
 * sampled item holds is a warning. A failure names the variable and suggests the likely fields.
 */
export function checkField(
  catalog: FieldCatalog,
  use: {
    /** e.g. "customer field". */
    label: string;
    variable: string;
    id: string;
    /** Whether the type fits the use, and what it should be, for the message. */
    fits: (f: FieldInfo) => boolean;
    expected: string;
    /** Fields to suggest on a failure, best first. */
    suggest: FieldInfo[];
  },
): FieldCheck {
  const field = catalog.fields.find((f) => f.id === use.id);
  const suggestion =
    use.suggest.length > 0
      ? `likely: ${use.suggest
          .slice(0, 3)
          .map((f) => describeField(f, catalog))
          .join('; ')}`
      : `none found by name and type: see \`worksync fields\``;
  const name = `${use.label} (${use.variable})`;
  if (!field)
    return {
      name,
      ok: false,
      detail: `${use.variable}=${use.id}: no such field on this instance`,
      fix: `set ${use.variable} to the right field; ${suggestion}`,
    };
  if (!use.fits(field))
    return {
      name,
      ok: false,
      detail: `${use.variable}=${describeField(field, catalog)}: not ${use.expected}`,
      fix: `set ${use.variable} to ${use.expected}; ${suggestion}`,
    };
  if (field.populated === 0 && catalog.sampled > 0)
    return {
      name,
      ok: true,
      warn: true,
      detail: `${describeField(field, catalog)}: no recent item holds a value`,
      fix: `check ${use.variable}; ${suggestion}`,
    };
  return { name, ok: true, detail: describeField(field, catalog) };
}

/** Whether a value counts as set: not null, not an empty string, array or object. */
export function holdsValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Counts, per field id, the sampled items holding a value. */
export function countPopulated(items: Record<string, unknown>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const fields of items)
    for (const [id, value] of Object.entries(fields))
      if (holdsValue(value)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Fields whose name or id contains `text` (case-insensitive). */
export function searchFields(catalog: FieldCatalog, text: string | undefined): FieldInfo[] {
  if (!text) return catalog.fields;
  const needle = text.toLowerCase();
  return catalog.fields.filter(
    (f) => f.name.toLowerCase().includes(needle) || f.id.toLowerCase().includes(needle),
  );
}
