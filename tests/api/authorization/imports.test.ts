// Authorization matrix (see matrix.ts): import jobs, applying them, activation-code sheets, and the
// audit log.
import { expect } from 'vitest';
import { AT, by, call, MANAGE, N, ROLE_DENIED, runMatrix, type StationKey, stationOf, U, Y, op } from './matrix.ts';
import { graphql } from '../../../web/src/lib/graphql.ts';

runMatrix([
  op({
    name: 'importJobs',
    expect: by(N, N, Y, N, Y),
    deniedAt: ['importJobs'],
    run: (c) => call(c, graphql('{ importJobs(first: 5) { edges { node { id } } } }')),
    allowed: (d) => expect(d.importJobs.edges).toEqual([]),
  }),
  op({
    name: 'auditLog',
    expect: by(N, N, Y, N, Y),
    deniedAt: ['auditLog'],
    run: (c) => call(c, graphql('{ auditLog(first: 50) { edges { node { action cityCode } } } }')),
    // The matrix has written entries by now; a manager reads only those recorded for SH.
    allowed: (d, c) => {
      if (c === 'CITY_MANAGER') expect(d.auditLog.edges.every((e) => e.node.cityCode === 'SH')).toBe(true);
    },
  }),
  op({
    name: 'importJob(id: 999999)',
    expect: by(N, N, Y, N, Y),
    deniedAt: ['importJob'],
    run: (c) => call(c, graphql('{ importJob(id: 999999) { id } }')),
    allowed: (d) => expect(d.importJob).toBeNull(),
  }),
  op({
    name: 'applyImport(dryRunId: 999999)',
    expect: by(N, N, Y, N, Y),
    deniedAt: ['applyImport'],
    run: (c) => call(c, graphql('mutation { applyImport(dryRunId: 999999) { __typename } }')),
    allowed: (d) => expect(d.applyImport.__typename).toBe('NotFoundError'),
  }),
  op({
    name: 'takeActivationCodes(importId: 999999)',
    expect: by(N, N, Y, N, Y),
    deniedAt: ['takeActivationCodes'],
    run: (c) => call(c, graphql('mutation { takeActivationCodes(importId: 999999) { __typename } }')),
    allowed: (d) => expect(d.takeActivationCodes.__typename).toBe('NotFoundError'),
  }),
  ...(['A', 'C'] as StationKey[]).map((k) =>
    op({
      name: `issueActivationCodes at ${AT[k]}`,
      expect: { A: MANAGE, B: MANAGE, C: by(N, N, U, N, Y) }[k],
      deniedAt: ['issueActivationCodes'],
      unionMessage: ROLE_DENIED,
      run: (c) =>
        call(
          c,
          graphql(
            'mutation($s: String!) { issueActivationCodes(stationCode: $s) { __typename ... on ActivationCodeSheet { codes { code } } ... on Error { message } } }',
          ),
          { s: stationOf(k).code },
        ),
      allowed: (d) => expect(d.issueActivationCodes.__typename).toBe('ActivationCodeSheet'),
    }),
  ),
]);
