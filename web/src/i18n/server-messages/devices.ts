// Counter devices and pairing.
// Keys mirror the codes of api/src/domain/messages.ts (reason.<code>); see ./index.ts.
import type { Bilingual } from '../index.ts';

const dict: Bilingual = {
  zh: {
    'reason.device.pairForbidden': '只有本站员工、本城市经理和管理员可以配对设备',
    'reason.device.stationDecommissioned': '站点 {station} 已撤站',
    'reason.device.pairingThrottled': '错误的配对码尝试次数过多：请等待十分钟',
    'reason.device.badPairingCode': '配对码无效或已过期（10 分钟内有效，只能使用一次）',
    'reason.device.revokeForbidden': '您不能撤销此设备',
    'reason.device.alreadyRevoked': '此设备已被撤销',
    'reason.device.revokedJustNow': '此设备刚刚已被他人撤销',
    'reason.device.notPaired': '此设备未配对（或凭证错误）：请在 /station/pair 重新配对',
    'reason.device.revoked': '此设备已被撤销：请在 /station/pair 重新配对',
    'reason.device.listForbidden': '您不能查看此站点的设备',
    'reason.device.analystsForbidden': '分析师不管理设备',
  },
  en: {
    'reason.device.pairForbidden': "Only the station's staff, the city's manager and admins pair devices",
    'reason.device.stationDecommissioned': 'Station {station} is decommissioned',
    'reason.device.pairingThrottled': 'too many wrong pairing codes were tried: wait ten minutes',
    'reason.device.badPairingCode':
      'is not a valid pairing code, or it has expired (codes last 10 minutes and work once)',
    'reason.device.revokeForbidden': 'You cannot revoke this device',
    'reason.device.alreadyRevoked': 'This device is already revoked',
    'reason.device.revokedJustNow': 'This device was revoked by someone else just now',
    'reason.device.notPaired': 'This device is not paired (or its credential is wrong): pair it again at /station/pair',
    'reason.device.revoked': 'This device was revoked: pair it again at /station/pair',
    'reason.device.listForbidden': 'You cannot see the devices of this station',
    'reason.device.analystsForbidden': 'Analysts do not manage devices',
  },
};

export default dict;
