// Reports (period, scenario), factor sets and the audit log.
// Keys mirror the codes of api/src/domain/messages.ts (reason.<code>); see ./index.ts.
import type { Bilingual } from '../index.ts';

const dict: Bilingual = {
  zh: {
    'reason.factorSet.exists': '排放因子集 {version} 已存在且不可修改；请发布新版本',
    'reason.audit.forbidden': '只有管理员和城市经理可以查看审计日志',
    'reason.audit.toBeforeFrom': '不能早于开始时间（{from}）',
    'reason.period.tooLate': '晚于今天一年以上（{day} > {latest}）',
    'reason.period.fromAfterTo': '不能晚于结束日期（{from} > {to}）',
    'reason.period.tooLong': '时段为 {days} 天，超过允许的 {max} 天；请拆分',
    'reason.report.badRate': '必须是 0 到 1 之间的比例（实际为 {rate}）',
    'reason.report.forbidden': '您的角色不能查看此报告',
    'reason.factorSet.twice': '{pair} 出现了两次',
    'reason.factorSet.lowAboveValue': '不能大于因子值（{low} > {value}）',
    'reason.factorSet.highBelowValue': '不能小于因子值（{high} < {value}）',
    'reason.report.dimsCount': '只能按一个或两个维度分组',
    'reason.report.dimsKnown': '维度只能是 {dimensions}',
    'reason.report.dimTwice': '{dimension} 出现了两次',
    'reason.report.networkAlone': 'NETWORK（全网）不能与其他维度组合',
    'reason.report.stationWithCity': '按站点分组的行已包含城市：请只用 STATION',
    'reason.report.tooManyCities': '城市不能超过 {max} 个',
    'reason.report.tooManyStations': '站点不能超过 {max} 个',
    'reason.report.stationDayTooBig':
      '按站点 × 日分组时，这里需要指定一个城市或一组站点；更多数据请用 CSV 导出（/reports/carbon.csv）',
    'reason.report.tooManyRows':
      '报告共 {rows} 行，超过一次可返回的 {max} 行：请分页获取（first、offset），或使用 CSV 导出（/reports/carbon.csv）',
    'reason.report.pageSize': '必须在 1 到 {max} 之间（收到 {first}）',
    'reason.report.offset': '不能小于 0（收到 {offset}）',
    'reason.report.tooManyParts':
      '报告超过 {max} 个分组 × 材料 × 去向，无法一次返回：请减少分组维度，缩小城市、站点或时段，或使用 CSV 导出（/reports/carbon.csv）',
  },
  en: {
    'reason.factorSet.exists':
      'Emission factor set {version} already exists and cannot be changed; publish a new version',
    'reason.audit.forbidden': 'Only admins and city managers read the audit log',
    'reason.audit.toBeforeFrom': 'must not be before from ({from})',
    'reason.period.tooLate': 'is more than a year after today ({day} > {latest})',
    'reason.period.fromAfterTo': 'must not be after "to" ({from} > {to})',
    'reason.period.tooLong': 'period is {days} days, longer than the {max} allowed; split it',
    'reason.report.badRate': 'must be a share between 0 and 1 (got {rate})',
    'reason.report.forbidden': 'Your role does not allow this report',
    'reason.factorSet.twice': '{pair} appears twice',
    'reason.factorSet.lowAboveValue': 'must not exceed value ({low} > {value})',
    'reason.factorSet.highBelowValue': 'must not be below value ({high} < {value})',
    'reason.report.dimsCount': 'takes one or two dimensions',
    'reason.report.dimsKnown': 'dimensions are {dimensions}',
    'reason.report.dimTwice': 'names {dimension} twice',
    'reason.report.networkAlone': 'NETWORK cannot be combined with another dimension',
    'reason.report.stationWithCity': 'STATION rows already name their city: use STATION alone',
    'reason.report.tooManyCities': 'names more than {max} cities',
    'reason.report.tooManyStations': 'names more than {max} stations',
    'reason.report.stationDayTooBig':
      'STATION x DAY needs one city or a list of stations here; use the CSV export (/reports/carbon.csv) for more',
    'reason.report.tooManyRows':
      'the report has {rows} rows; with {fields} fields asked for each row, one answer holds at most {max}: ask for them a page at a time (first, offset), ask for fewer fields, or use the CSV export (/reports/carbon.csv)',
    'reason.report.pageSize': 'must be between 1 and {max} with {fields} fields asked for each row (got {first})',
    'reason.report.offset': 'must be 0 or more (got {offset})',
    'reason.report.tooManyParts':
      'the report has more than {max} groups x materials x outcomes, too many for one answer: group by fewer dimensions, narrow the cities, stations or period, or use the CSV export (/reports/carbon.csv)',
  },
};

export default dict;
