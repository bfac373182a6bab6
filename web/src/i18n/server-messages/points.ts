// Green points: members, campaigns and vouchers.
// Keys mirror the codes of api/src/domain/messages.ts (reason.<code>); see ./index.ts.
import type { Bilingual } from '../index.ts';

const dict: Bilingual = {
  zh: {
    'reason.points.badMemberCode': '不是会员码（GM 加 10 个字符；请检查最后一位）',
    'reason.points.unknownMember': '没有会员使用会员码 {code}',
    'reason.campaign.endsBeforeStart': '不能早于开始日期（{startsOn}）',
    'reason.campaign.badVoucherValue': '必须大于 0 元，最多精确到分',
    'reason.campaign.badBudget': '必须至少够发一张券，最多精确到分',
    'reason.campaign.unknownMaterial': '未知材料',
    'reason.campaign.rateTwice': '重复了 {material} {outcome}',
    'reason.campaign.exists': '活动 {code} 已存在',
    'reason.voucher.badKey': '必须是 8 到 100 个可打印 ASCII 字符（手机生成的 UUID）',
    'reason.voucher.noCampaign': '今天没有进行中的绿色积分活动',
    'reason.voucher.outsideCampaign': '活动 {campaign} 的时间为 {from} 至 {to}：只在此期间发券',
    'reason.voucher.notEnoughPoints': '积分不足：一张券需要 {points} 分，当前余额 {balance} 分',
    'reason.voucher.budgetUsed': '活动 {campaign} 的券预算已用完',
    'reason.voucher.badCode': '不是券码（GV 加 17 个字符；请检查最后一位）',
    'reason.voucher.personOnly': '请以个人身份登录后再核销券',
    'reason.voucher.redeemed': '此券已于 {at} 在 {station} 核销',
    'reason.voucher.expired': '此券已于 {at} 过期',
  },
  en: {
    'reason.points.badMemberCode': 'is not a member code (GM + 10 characters; check the last one)',
    'reason.points.unknownMember': 'no member has the code {code}',
    'reason.campaign.endsBeforeStart': 'must not be before startsOn ({startsOn})',
    'reason.campaign.badVoucherValue': 'must be more than 0 yuan, in fen at most',
    'reason.campaign.badBudget': 'must cover at least one voucher, in fen at most',
    'reason.campaign.unknownMaterial': 'unknown material',
    'reason.campaign.rateTwice': 'repeats {material} {outcome}',
    'reason.campaign.exists': 'A campaign {code} exists already',
    'reason.voucher.badKey': 'must be 8-100 printable ASCII characters (a UUID made on the phone)',
    'reason.voucher.noCampaign': 'No green-points campaign is running today',
    'reason.voucher.outsideCampaign': 'Campaign {campaign} runs {from} to {to}: vouchers are issued only then',
    'reason.voucher.notEnoughPoints': 'Not enough points: a voucher takes {points}, the balance is {balance}',
    'reason.voucher.budgetUsed': 'The voucher budget of campaign {campaign} is used up',
    'reason.voucher.badCode': 'is not a voucher code (GV + 17 characters; check the last one)',
    'reason.voucher.personOnly': 'Sign in as a person to redeem vouchers',
    'reason.voucher.redeemed': 'This voucher was already redeemed at {station} on {at}',
    'reason.voucher.expired': 'This voucher expired on {at}',
  },
};

export default dict;
