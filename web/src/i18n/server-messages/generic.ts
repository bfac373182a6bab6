// Any not-found or forbidden, input refused by a field's validation, lists and ids, the database.
// Keys mirror the codes of api/src/domain/messages.ts (reason.<code>); see ./index.ts.
import type { Bilingual } from '../index.ts';

const dict: Bilingual = {
  zh: {
    'reason.notFound': '“{key}”不存在',
    'reason.forbidden': '您无权执行此操作',
    'reason.input.tooShort': '至少需要 {min} 个字符',
    'reason.input.tooLong': '最多 {max} 个字符',
    'reason.input.tooSmall': '不能小于 {min}',
    'reason.input.tooBig': '不能大于 {max}',
    'reason.input.tooFew': '至少需要 {min} 项',
    'reason.input.tooMany': '最多 {max} 项',
    'reason.input.badFormat': '格式不正确（{format}）',
    'reason.input.notInteger': '必须是整数',
    'reason.input.badValue': '不是允许的取值',
    'reason.input.badId': '不是有效的编号',
    'reason.input.notIdOf': '不是有效的 {kind} 编号',
    'reason.input.badCursor': '不是此列表返回的游标',
    'reason.input.pageTooBig': '最多 {max}（实际为 {got}）',
    'reason.input.negative': '不能为负数（实际为 {got}）',
    'reason.input.tooManyIds': '最多列出 {max} 个编号（实际为 {got} 个）',
    'reason.input.future': '时间在未来',
    'reason.input.empty': '不能为空',
    'reason.db.timeout': '数据库中止了此请求：运行时间超过了语句超时。请缩小范围（更短的时段、更少的站点）或稍后重试',
  },
  en: {
    'reason.notFound': '{entity} "{key}" does not exist',
    'reason.forbidden': 'Not authorized for this operation',
    'reason.input.tooShort': 'must be at least {min} characters',
    'reason.input.tooLong': 'must be at most {max} characters',
    'reason.input.tooSmall': 'must be at least {min}',
    'reason.input.tooBig': 'must be at most {max}',
    'reason.input.tooFew': 'must contain at least {min} items',
    'reason.input.tooMany': 'must contain at most {max} items',
    'reason.input.badFormat': 'is not in the expected format ({format})',
    'reason.input.notInteger': 'must be a whole number',
    'reason.input.badValue': 'is not one of the accepted values',
    'reason.input.badId': 'is not a valid id',
    'reason.input.notIdOf': 'is not a {kind} id',
    'reason.input.badCursor': 'is not a cursor returned by this list',
    'reason.input.pageTooBig': 'must be at most {max} (got {got})',
    'reason.input.negative': 'must not be negative (got {got})',
    'reason.input.tooManyIds': 'must list at most {max} ids (got {got})',
    'reason.input.future': 'is in the future',
    'reason.input.empty': 'must not be empty',
    'reason.db.timeout':
      'The database stopped this request: it ran longer than the statement timeout. Ask for less (a shorter period, fewer stations) or retry later',
  },
};

export default dict;
