/**
 * Awkward but realistic text for generated items: titles, HTML descriptions and repro steps with tables,
 * lists, code blocks, entities, @mentions, emoji and very long text; comments; tags.
 */
import { Rng } from '../common/rng.js';
import { AWKWARD_TEXT, loremWords, TITLE_WORDS } from '../common/vocabulary.js';
import type { Person } from './model.js';

const TAGS = [
  'backend',
  'frontend',
  'regression',
  'security',
  'customer-reported',
  'tech-debt',
  'perf',
  'ux',
  'Güvenlik',
  'P0 🔥',
  'needs repro',
];

export function title(rng: Rng, type: string, id: number): string {
  const base = rng.pick(TITLE_WORDS);
  if (rng.chance(0.05)) return `${base} — ${rng.pick(AWKWARD_TEXT)} (#${id})`;
  return `${type === 'Customer Escalation' ? 'ESC: ' : ''}${base} (#${id})`;
}

export function tags(rng: Rng): string {
  const n = rng.int(1, 3);
  const chosen = new Set<string>();
  while (chosen.size < n) chosen.add(rng.pick(TAGS));
  return intern([...chosen].join('; '));
}

const interned = new Map<string, string>();
/** Returns one shared copy of a frequently repeated string. */
function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size < 50_000) interned.set(s, s);
  return s;
}

const longTexts = new Map<number, string>();
/** Very long text (about 40 KB); a few shared variants so 200,000 items stay small in memory. */
function longText(rng: Rng): string {
  const variant = rng.int(0, 3);
  let text = longTexts.get(variant);
  if (text === undefined) {
    text = loremWords(new Rng(variant + 7), 6000);
    longTexts.set(variant, text);
  }
  return text;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function mention(p: Person): string {
  return `<a href="#" data-vss-mention="version:2.0,${p.id}">@${escapeHtml(p.displayName)}</a>`;
}

/** An HTML description; sometimes empty, sometimes very long. */
export function descriptionHtml(rng: Rng, people: readonly Person[]): string {
  const roll = rng.next();
  if (roll < 0.06) return '';
  const parts: string[] = [`<div>${escapeHtml(rng.pick(AWKWARD_TEXT))}</div>`];
  if (rng.chance(0.3))
    parts.push(`<div>cc ${mention(rng.pick(people))} &amp; ${mention(rng.pick(people))}</div>`);
  if (rng.chance(0.25))
    parts.push(
      '<table><tr><th>Env</th><th>Result</th></tr><tr><td>Prod &lt;EU&gt;</td><td>❌ fails</td></tr><tr><td>Staging</td><td>✅ ok</td></tr></table>',
    );
  if (rng.chance(0.25))
    parts.push('<ul><li>first&nbsp;point</li><li>second <b>bold</b> point</li></ul><ol><li>one</li></ol>');
  if (rng.chance(0.2))
    parts.push('<pre><code>if (a &lt; b &amp;&amp; c) {\n  throw new Error("boom");\n}</code></pre>');
  if (roll > 0.985) parts.push(`<p>${longText(rng)}</p>`);
  else if (rng.chance(0.4)) parts.push(`<p>${loremWords(rng, rng.int(5, 80))}</p>`);
  return parts.join('');
}

export function reproStepsHtml(rng: Rng): string {
  const steps = rng.int(2, 5);
  const items = Array.from(
    { length: steps },
    (_, i) => `<li>Step ${i + 1}: ${escapeHtml(rng.pick(AWKWARD_TEXT))}</li>`,
  );
  return intern(
    `<div><b>Repro steps</b></div><ol>${items.join('')}</ol><div>Expected: works. Actual: 💥</div>`,
  );
}

export function commentHtml(rng: Rng, people: readonly Person[]): string {
  if (rng.chance(0.3)) return intern(`<div>${mention(rng.pick(people))} can you take a look?</div>`);
  return intern(`<div>${escapeHtml(rng.pick(AWKWARD_TEXT))}</div>`);
}
