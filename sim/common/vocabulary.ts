import type { Rng } from './rng.js';

/** Shared vocabulary of both data generators: people, customers and awkward text that tests mappers and storage. */
export const PEOPLE = [
  'Ada Lovelace',
  'Grace Hopper',
  'Linus Torvalds',
  'Margaret Hamilton',
  'José Álvarez',
  'Zoë Kravitz-Ng',
  'Søren Kierkegaard',
  '李小龙',
  'Иван Петров',
  "O'Brien, Siobhán",
  'Amélie Poulain',
  'Đặng Thị Hương',
] as const;

export const CUSTOMERS = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella GmbH',
  'Stark Industries',
  'Wayne Enterprises',
  'Müller & Söhne AG',
  'Tyrell Corporation',
] as const;

/** Title fragments; combined with an ordinal so titles are distinct. */
export const TITLE_WORDS = [
  'Login fails',
  'Export to CSV truncates',
  'Dashboard slow',
  'Crash on save',
  'Wrong totals in report',
  'Timezone off by one hour',
  'Emoji 🚀 breaks rendering',
  'Null pointer in “sync” job',
  'Add dark mode',
  'Refactor billing',
  'Support SSO via SAML',
  'Improve search relevance',
] as const;

/** Awkward text: unicode, emoji, quotes, markup-like characters, SQL-ish text, control-looking sequences. */
export const AWKWARD_TEXT = [
  'Steps: open the app → click “Save” → observe 💥.',
  'Zero-width joiner: 👩‍💻 and flags 🇩🇪🇯🇵; combining: é vs é.',
  "Quote's \"double\" `back` and \\ backslash; 'Robert'); DROP TABLE work_items;--",
  'Right-to-left: مرحبا بالعالم; CJK: 漢字テスト; Cyrillic: Привет.',
  'Angle brackets <not a tag> & ampersands &amp; literal.',
  'Tabs\tand\nnewlines\r\nmixed line endings.',
  'Math: ∑ x² ≤ ∞; currency: € £ ¥ ₹.',
] as const;

/** A paragraph of `words` pseudo-words; used to make very long descriptions. */
export function loremWords(rng: Rng, words: number): string {
  const pool = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'do'];
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.pick(pool));
  return out.join(' ');
}
