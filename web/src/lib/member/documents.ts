// The member page's and the points panels' GraphQL documents (docs/points.md).
import { ResultErrorFields } from '../documents.ts';
import { graphql } from '../graphql.ts';

export const JoinMutation = graphql(`
  mutation Join {
    joinAsMember {
      memberCode
      token
      expiresAt
      secret
    }
  }
`);

export const RecoverMutation = graphql(`
  mutation Recover($c: String!, $s: String!) {
    memberSignIn(memberCode: $c, secret: $s) {
      memberCode
      token
      expiresAt
    }
  }
`);

export const MemberQuery = graphql(`
  query Member {
    member {
      memberCode
      balance
      entries(first: 50) {
        edges {
          node {
            kind
            points
            at
            stationName
          }
        }
      }
      vouchers {
        code
        value
        points
        expiresAt
        redeemedAt
        redeemedAtStation
      }
    }
    pointsCampaigns {
      code
      nameZh
      nameEn
      startsOn
      endsOn
      voucherPoints
      voucherValue
    }
  }
`);

export const IssueVoucherMutation = graphql(
  `
    mutation Issue($k: String!) {
      issueVoucher(idempotencyKey: $k) {
        __typename
        ... on IssueVoucherPayload {
          voucher {
            code
            value
            points
            expiresAt
            redeemedAt
            redeemedAtStation
          }
        }
        ...ResultErrorFields
      }
    }
  `,
  [ResultErrorFields],
);

export const RedeemVoucherMutation = graphql(`
  mutation Redeem($code: String!, $s: String!) {
    redeemVoucher(code: $code, stationCode: $s) {
      __typename
      ... on Voucher {
        value
      }
      ... on Error {
        message
      }
    }
  }
`);

export const PointsFiguresQuery = graphql(`
  query PointsFigures($city: String, $from: Date, $to: Date) {
    pointsSummary(cityCode: $city, from: $from, to: $to) {
      membersReached
      pointsCredited
      pointsReversed
      vouchersIssued
      voucherValueIssued
      campaigns {
        code
        budget {
          total
          issued
        }
      }
    }
    flaggedMembers(cityCode: $city, first: 5) {
      memberCode
      stationCount
      firstAt
      lastAt
    }
  }
`);

/** Ends every member token of this member (all their phones): for a lost or shared phone. */
export const MemberSignOutMutation = graphql(`
  mutation MemberSignOut {
    signOut
  }
`);
