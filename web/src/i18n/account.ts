// Activation (/activate) and pairing a counter device (/station/pair).
import type { Bilingual } from './index.ts';

const dict: Bilingual = {
  zh: {
    'nav.admin': '管理后台',
    'activate.title': '激活账号',
    'activate.intro': '输入经理给您的一次性激活码（72 小时内有效，只能使用一次），并设置您自己的密码。',
    'activate.code': '激活码',
    'activate.password': '新密码',
    'activate.confirm': '再次输入新密码',
    'activate.rule.length': '8 到 128 个字符；',
    'activate.rule.guess': '不能是常见密码、键盘排列、重复或顺序字符（如 “12345678”）；',
    'activate.rule.personal': '不能包含您的姓名、邮箱或手机号。几个不相关的词组成的短语最好记也最安全。',
    'activate.submit': '设置密码并登录',
    'activate.working': '正在激活…',
    'activate.tooShort': '密码至少需要 8 个字符。',
    'activate.mismatch': '两次输入的密码不一致。',
    'activate.codeMissing': '请输入激活码。',
    'activate.codeInvalid': '激活码无效或已过期（72 小时内有效，只能使用一次）。请向经理索取新的激活码。',
    'activate.refused': '此密码不可用：{reason}',
    'pair.title': '绑定柜台设备',
    'pair.intro':
      '在管理后台“设备”中为本驿站生成 8 位配对码（10 分钟内有效），然后在此设备上输入。绑定后，此设备无需登录即可为该驿站登记。',
    'pair.code': '8 位配对码',
    'pair.name': '设备名称',
    'pair.defaultName': '柜台电脑',
    'pair.submit': '绑定此设备',
    'pair.working': '正在绑定…',
    'pair.eightDigits': '配对码是 8 位数字。',
    'pair.codeRefused': '配对码无效、已使用或已过期（10 分钟）。请在管理后台重新生成。',
    'pair.pairedTo': '此设备（{name}）已绑定到驿站：{station}',
    'pair.openCounter': '打开柜台登记',
    'pair.unpair': '解除此设备的绑定',
    'pair.unpairConfirm': '解除后此设备将不能再登记，需要重新配对。确定吗？',
    'pair.revoked': '此设备的绑定已被撤销，请求已被拒绝。请重新配对。',
    'pair.banner': '柜台设备 {name} · {station}',
    'pair.short': '柜台设备 · {station}',
  },
  en: {
    'nav.admin': 'Admin',
    'activate.title': 'Activate your account',
    'activate.intro':
      'Enter the one-time activation code your manager gave you (valid 72 hours, works once) and choose your own password.',
    'activate.code': 'Activation code',
    'activate.password': 'New password',
    'activate.confirm': 'New password again',
    'activate.rule.length': '8 to 128 characters;',
    'activate.rule.guess':
      'not a common password, a keyboard pattern, or repeated or sequential characters (like "12345678");',
    'activate.rule.personal':
      'not containing your name, email or phone. A phrase of a few unrelated words is easy to remember and safe.',
    'activate.submit': 'Set password and sign in',
    'activate.working': 'Activating…',
    'activate.tooShort': 'The password needs at least 8 characters.',
    'activate.mismatch': 'The two passwords differ.',
    'activate.codeMissing': 'Enter the activation code.',
    'activate.codeInvalid':
      'This code is not valid or has expired (codes last 72 hours and work once). Ask your manager for a new one.',
    'activate.refused': 'This password cannot be used: it {reason}',
    'pair.title': 'Pair this counter device',
    'pair.intro':
      'Create an 8-digit pairing code for the station in the console (Devices; valid 10 minutes) and enter it on this device. Once paired, this device logs for that station with nobody signed in.',
    'pair.code': '8-digit pairing code',
    'pair.name': 'Device name',
    'pair.defaultName': 'Counter PC',
    'pair.submit': 'Pair this device',
    'pair.working': 'Pairing…',
    'pair.eightDigits': 'The pairing code is 8 digits.',
    'pair.codeRefused':
      'This pairing code is not valid, was used, or has expired (10 minutes). Create a new one in the console.',
    'pair.pairedTo': 'This device ({name}) is paired to station {station}',
    'pair.openCounter': 'Open the counter',
    'pair.unpair': 'Unpair this device',
    'pair.unpairConfirm': 'This device will no longer log until it is paired again. Continue?',
    'pair.revoked': 'This device was revoked and its requests are refused. Pair it again.',
    'pair.banner': 'Counter device {name} · {station}',
    'pair.short': 'Counter device · {station}',
  },
};

export default dict;
