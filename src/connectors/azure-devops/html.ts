import { compile } from 'html-to-text';

/** Compiled once: compiling the selectors dominates the cost of converting one small document. */
const convert = compile({
  wordwrap: false as const,
  selectors: [
    // Mentions and links keep their text; the target URL is noise in a description.
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
});

/** Plain text of an ADO HTML field (description, repro steps): entities decoded, blocks on lines, lists marked. */
export function htmlToText(html: unknown): string | null {
  if (typeof html !== 'string' || html.trim() === '') return null;
  const text = convert(html)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text;
}
