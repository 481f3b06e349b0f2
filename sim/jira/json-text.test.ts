import { beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../common/clock.js';
import { JsonText } from '../common/server.js';
import { generateDataset } from './generator.js';
import {
  type IssueJsonOptions,
  issueJson,
  parseExpand,
  parseFieldSelection,
  writeIssue,
} from './issue-json.js';
import { historyJson, type RenderEnv, writeHistory } from './render.js';
import { JiraStore } from './store.js';

/**
 * Search and bulk changelog pages are written as JSON text (writeIssue, writeHistory into a JsonText).
 * They must be, byte for byte, what JSON.stringify makes of the objects issueJson and historyJson build.
 */

let store: JiraStore;
let env: RenderEnv;

beforeAll(() => {
  const clock = new SimClock(Date.UTC(2025, 5, 2));
  const data = generateDataset({
    seed: 5,
    items: 400,
    projectKeys: ['ALPHA', 'BETA'],
    anchor: clock.now(),
    apiEmail: 'sim@example.com',
    timeZone: 'America/St_Johns',
  });
  store = new JiraStore(data, clock, 0);
  env = { base: 'http://sim', zone: 'America/St_Johns', users: data.users };
});

const text = (write: (out: JsonText) => void): string => {
  const out = new JsonText();
  write(out);
  return out.toBuffer().toString('utf8');
};

const WORKSYNC_FIELDS = [
  'summary,status,issuetype,project,created,updated,resolutiondate,statuscategorychangedate,priority',
  'assignee,reporter,creator,components,labels,description,parent,subtasks,issuelinks,resolution',
  'duedate,fixVersions,customfield_10020,customfield_10001',
];

const options: [string, IssueJsonOptions][] = [
  [
    "worksync's search",
    {
      selection: parseFieldSelection(WORKSYNC_FIELDS, 'id'),
      expand: new Set(),
      changelogCap: 40,
      bareIdOnly: true,
    },
  ],
  [
    'all fields with changelog, names and schema',
    {
      selection: parseFieldSelection(['*all'], 'id'),
      expand: parseExpand('changelog,names,schema'),
      changelogCap: 3,
    },
  ],
  [
    'navigable fields less some, in a search',
    {
      selection: parseFieldSelection(['*navigable,-description,-assignee'], 'id'),
      expand: parseExpand(['names', 'schema']),
      changelogCap: 40,
      bareIdOnly: true,
    },
  ],
  [
    'ids and keys',
    {
      selection: parseFieldSelection(['id,key'], 'id'),
      expand: new Set(),
      changelogCap: 40,
      bareIdOnly: true,
    },
  ],
  [
    'ids only',
    { selection: parseFieldSelection(['id'], 'id'), expand: new Set(), changelogCap: 40, bareIdOnly: true },
  ],
];

describe('issues written as JSON text', () => {
  for (const [name, opts] of options) {
    it(`match issueJson: ${name}`, () => {
      let compared = 0;
      for (const issue of store.issues) {
        if (!issue.current) continue;
        const state = issue.current;
        expect(text((out) => writeIssue(out, store, env, issue, state, opts))).toBe(
          JSON.stringify(issueJson(store, env, issue, state, opts)),
        );
        compared++;
      }
      expect(compared).toBeGreaterThan(300);
    });
  }
});

describe('histories written as JSON text', () => {
  for (const epochSeconds of [false, true]) {
    it(`match historyJson (epoch seconds: ${epochSeconds})`, () => {
      let authorless = 0;
      for (const issue of store.issues.slice(0, 150)) {
        const histories = store.histories(issue, false);
        authorless += histories.filter((h) => h.author === null).length;
        const written = text((out) => {
          for (const [i, h] of histories.entries()) writeHistory(out, env, h, epochSeconds, i === 0);
        });
        expect(`[${written}]`).toBe(JSON.stringify(histories.map((h) => historyJson(env, h, epochSeconds))));
      }
      expect(authorless).toBeGreaterThan(0);
    });
  }
});

describe('JsonText', () => {
  it('encodes pieces and bytes across chunks, multi-byte characters included', () => {
    const pieces = [
      '{"a":"',
      'é'.repeat(100_000),
      '🚀'.repeat(70_000),
      '"',
      ',"b":',
      'x'.repeat(300_000),
      '}',
    ];
    const out = new JsonText();
    for (const [i, piece] of pieces.entries()) {
      if (i === 4) out.pushBytes(Buffer.from(piece, 'utf8'));
      else out.push(piece);
    }
    expect(out.toBuffer().equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    // Its chunks went back to the pool: writing on would write into another text's.
    expect(() => out.push('x')).toThrow(/after toBuffer/);
  });
});
