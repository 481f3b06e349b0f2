import { PEOPLE } from '../common/vocabulary.js';
import type { UserRecord } from './types.js';

/**
 * The site's users. Index 0 is the API user (the caller of `/myself`); the last one is the
 * automation app. Some users hide their e-mail (privacy) or have no time zone, one is deactivated.
 */

const ZONES = [
  'Europe/Berlin',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/New_York',
  null,
];

/** A deterministic 24-hex-character account id, shaped like Atlassian's. */
function accountId(n: number): string {
  let h = (0x5b10a284 ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0;
  let out = '';
  for (let i = 0; i < 3; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 24);
}

function emailOf(name: string, n: number): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${ascii.length >= 3 ? ascii : `user${n}`}@example.com`;
}

export function buildUsers(apiEmail: string, apiZone: string): UserRecord[] {
  const users: UserRecord[] = [
    {
      accountId: accountId(0),
      displayName: 'Sim Integration',
      emailAddress: apiEmail,
      timeZone: apiZone,
      active: true,
      accountType: 'atlassian',
    },
  ];
  PEOPLE.forEach((name, i) => {
    users.push({
      accountId: accountId(i + 1),
      displayName: name,
      emailAddress: i % 4 === 3 ? null : emailOf(name, i + 1),
      timeZone: ZONES[i % ZONES.length] ?? null,
      active: i !== 7,
      accountType: 'atlassian',
    });
  });
  users.push({
    accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
    displayName: 'Automation for Jira',
    emailAddress: null,
    timeZone: null,
    active: true,
    accountType: 'app',
  });
  return users;
}

/** Index of the automation user in `buildUsers`' result. */
export const AUTOMATION_USER = PEOPLE.length + 1;
/** Indexes of the people who work on issues (not the API user, not the app). */
export const WORKERS: readonly number[] = PEOPLE.map((_, i) => i + 1);
