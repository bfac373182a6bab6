// Authorization matrix (see matrix.ts): green points: campaigns, members, vouchers, the public
// finder and the points figures.
import { expect } from 'vitest';
import { member, ok } from '../../helpers/app.ts';
import { op, AT, by, call, CITY_READ, fx, LOG, N, runMatrix, nextSeq, unique, Y } from './matrix.ts';
import { graphql } from '../../../web/src/lib/graphql.ts';

const ISSUE = graphql(
  'mutation ($key: String!) { issueVoucher(idempotencyKey: $key) { __typename ... on IssueVoucherPayload { replayed voucher { points code } } ... on Error { message } } }',
);
/** Credits the member 10 points × n (admin logs n reused boxes at A with the member code). */
const earn = async (n: number) => {
  const input = {
    stationCode: fx.station.A.code,
    items: [
      {
        idempotencyKey: `authz-${unique()}`,
        materialCode: 'BOX_M',
        outcome: 'REUSED' as const,
        quantity: n,
        memberCode: fx.member.code,
      },
    ],
  };
  expect(member(ok(await call('ADMIN', LOG, { input })).logDropOffs, 'LogDropOffsPayload').accepted).toBe(1);
};
const voucher = { code: '' };

runMatrix([
  op({
    name: 'pointsCampaigns (public fields)',
    expect: by(Y, Y, Y, Y, Y, Y),
    deniedAt: ['pointsCampaigns'],
    run: (c) =>
      call(c, graphql('{ pointsCampaigns { code voucherPoints rates { materialCode outcome pointsPerItem } } }')),
    allowed: (d) => expect(d.pointsCampaigns[0]).toMatchObject({ code: 'AUTHZ', voucherPoints: 50 }),
  }),
  op({
    name: 'pointsCampaigns{budget}',
    expect: by(N, Y, Y, Y, Y, N),
    deniedAt: ['pointsCampaigns', 0, 'budget'],
    run: (c) => call(c, graphql('{ pointsCampaigns { code budget { total issued } } }')),
    allowed: (d) => expect(d.pointsCampaigns[0]!.budget.total).toBe(1000),
  }),
  op({
    name: 'member',
    expect: by(Y, Y, Y, Y, Y, Y),
    deniedAt: ['member'],
    run: (c) => call(c, graphql('{ member { memberCode balance } }')),
    allowed: (d, c) => expect(d.member?.memberCode ?? null).toBe(c === 'MEMBER' ? fx.member.code : null),
  }),
  op({
    name: 'joinAsMember',
    expect: by(Y, Y, Y, Y, Y, Y),
    deniedAt: ['joinAsMember'],
    write: true,
    run: (c) => call(c, graphql('mutation { joinAsMember { memberCode secret } }')),
    allowed: (d) => expect(d.joinAsMember.secret).toMatch(/^\w{4}-/),
  }),
  op({
    name: "memberSignIn (the member's code and secret)",
    expect: by(Y, Y, Y, Y, Y, Y),
    deniedAt: ['memberSignIn'],
    write: true,
    run: (c) =>
      call(
        c,
        graphql('mutation($c: String!, $s: String!) { memberSignIn(memberCode: $c, secret: $s) { memberCode } }'),
        {
          c: fx.member.code,
          s: fx.member.secret,
        },
      ),
    allowed: (d) => expect(d.memberSignIn.memberCode).toBe(fx.member.code),
  }),
  op({
    name: `logDropOffs with a member code at ${AT.A}`,
    expect: by(N, Y, N, N, Y, N),
    deniedAt: ['logDropOffs'],
    write: true,
    run: (c) =>
      call(c, LOG, {
        input: {
          stationCode: fx.station.A.code,
          items: [
            {
              idempotencyKey: `authz-${unique()}`,
              materialCode: 'BOX_S',
              outcome: 'REUSED',
              quantity: 1,
              memberCode: fx.member.code,
            },
          ],
        },
      }),
    allowed: (d, _c, ch) => {
      expect(d.logDropOffs).toMatchObject({ __typename: 'LogDropOffsPayload', accepted: 1 });
      expect(ch!.after.dropOffs).toBe(ch!.before.dropOffs + 1);
    },
  }),
  op({
    name: "issueVoucher (the member's points)",
    expect: by(N, N, N, N, N, Y),
    deniedAt: ['issueVoucher'],
    write: true,
    prepare: () => earn(5),
    run: (c) => call(c, ISSUE, { key: `authz-voucher-${unique()}` }),
    allowed: (d) =>
      expect(d.issueVoucher).toMatchObject({
        __typename: 'IssueVoucherPayload',
        replayed: false,
        voucher: { points: 50 },
      }),
  }),
  op({
    name: `redeemVoucher at ${AT.A}`,
    expect: by(N, Y, N, N, Y, N),
    deniedAt: ['redeemVoucher'],
    write: true,
    prepare: async () => {
      await earn(5);
      const issued = ok(await call('MEMBER', ISSUE, { key: `authz-voucher-${unique()}` })).issueVoucher;
      voucher.code = member(issued, 'IssueVoucherPayload').voucher.code ?? ''; // shown to its member
    },
    run: (c) =>
      call(
        c,
        graphql(
          'mutation ($code: String!, $s: String!) { redeemVoucher(code: $code, stationCode: $s) { __typename ... on Voucher { redeemedAtStation } ... on Error { message } } }',
        ),
        { code: voucher.code, s: fx.station.A.code },
      ),
    allowed: (d) => expect(d.redeemVoucher).toEqual({ __typename: 'Voucher', redeemedAtStation: fx.station.A.code }),
  }),
  op({
    name: 'createPointsCampaign',
    expect: by(N, N, N, N, Y, N),
    deniedAt: ['createPointsCampaign'],
    write: true,
    run: (c) =>
      call(
        c,
        graphql(
          'mutation ($input: PointsCampaignInput!) { createPointsCampaign(input: $input) { __typename ... on PointsCampaign { code } ... on Error { message } } }',
        ),
        {
          input: {
            code: `AUTHZ-${nextSeq()}`,
            nameZh: '授权',
            nameEn: 'Authz',
            startsOn: '2027-01-01',
            endsOn: '2027-01-31',
            memberDailyCap: 100,
            stationDailyCap: 1000,
            voucherPoints: 50,
            voucherValue: 5,
            voucherBudget: 100,
            rates: [{ materialCode: 'BOX_M', outcome: 'REUSED', pointsPerItem: 10 }],
          },
        },
      ),
    allowed: (d) => expect(d.createPointsCampaign.__typename).toBe('PointsCampaign'),
  }),
  op({
    name: 'findStations (public finder)',
    expect: by(Y, Y, Y, Y, Y, Y),
    deniedAt: ['findStations'],
    run: (c) =>
      call(
        c,
        graphql('{ findStations(lat: 31.2304, lng: 121.4737, acceptingOnly: false) { code distanceKm binFill } }'),
      ),
    allowed: (d) =>
      expect(d.findStations.map((s: { code: string }) => s.code)).toEqual(
        expect.arrayContaining([fx.station.A.code, fx.station.B.code]),
      ),
  }),
  op({
    name: 'cityDistricts(SH)',
    expect: by(Y, Y, Y, Y, Y, Y),
    deniedAt: ['cityDistricts'],
    run: (c) => call(c, graphql('{ cityDistricts(cityCode: "SH") { name stations } }')),
    allowed: (d) => expect(d.cityDistricts.length).toBeGreaterThanOrEqual(1),
  }),
  ...(['SH', 'BJ', null] as const).map((city) =>
    op({
      name: `pointsSummary(cityCode: ${city})`,
      expect: CITY_READ[String(city)]!,
      deniedAt: ['pointsSummary'],
      run: (c) =>
        call(
          c,
          graphql('query($city: String) { pointsSummary(cityCode: $city) { cityCode membersReached pointsCredited } }'),
          {
            city,
          },
        ),
      allowed: (d) => expect(d.pointsSummary.cityCode).toBe(city),
    }),
  ),
  ...(['SH', null] as const).map((city) =>
    op({
      name: `flaggedMembers(cityCode: ${city})`,
      expect: CITY_READ[String(city)]!,
      deniedAt: ['flaggedMembers'],
      run: (c) => call(c, graphql('query($city: String) { flaggedMembers(cityCode: $city) { memberCode } }'), { city }),
      allowed: (d) => expect(Array.isArray(d.flaggedMembers)).toBe(true),
    }),
  ),
]);
