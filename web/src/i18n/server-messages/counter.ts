// The counter: drop-offs and voids.
// Keys mirror the codes of api/src/domain/messages.ts (reason.<code>); see ./index.ts.
import type { Bilingual } from '../index.ts';

const dict: Bilingual = {
  zh: {
    'reason.dropOff.none': '至少需要一条记录',
    'reason.dropOff.tooMany': '有 {count} 条记录：每批最多 {max} 条',
    'reason.dropOff.future': '时间在未来',
    'reason.dropOff.tooOld': '早于 30 天前',
    'reason.dropOff.tooHeavy': '{quantity} 件共 {kg} 公斤：超过每件 {max} 公斤',
    'reason.dropOff.badKey': '必须是不含空格的可打印 ASCII 字符（运单号或 UUID）',
    'reason.dropOff.keyReused': '与第 {index} 条记录的编号（“{key}”）相同，但 {fields} 不同',
    'reason.void.otherStation': '您只能作废本站或本城市的记录',
    'reason.void.window': '站点员工只能在登记后 24 小时内作废记录；请联系城市经理',
    'reason.void.already': '此记录已被作废（{reason}）',
    'reason.void.justNow': '此记录刚刚已被他人作废',
  },
  en: {
    'reason.dropOff.none': 'must contain at least one item',
    'reason.dropOff.tooMany': 'has {count} items: at most {max} per batch',
    'reason.dropOff.future': 'is in the future',
    'reason.dropOff.tooOld': 'is older than 30 days',
    'reason.dropOff.tooHeavy': 'is {kg} kg for {quantity} item(s): over {max} kg per item',
    'reason.dropOff.badKey': 'must be printable ASCII without spaces (a waybill number or a UUID)',
    'reason.dropOff.keyReused': 'repeats the key of item {index} ("{key}") with a different {fields}',
    'reason.void.otherStation': 'You can void entries only at your own station or city',
    'reason.void.window': 'Station staff can void entries only within 24 hours of logging them; ask your city manager',
    'reason.void.already': 'This drop-off was already voided ({reason})',
    'reason.void.justNow': 'This drop-off was voided by someone else just now',
  },
};

export default dict;
