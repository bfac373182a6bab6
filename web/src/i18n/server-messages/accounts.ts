// Accounts in the admin console, activation and passwords.
// Keys mirror the codes of api/src/domain/messages.ts (reason.<code>); see ./index.ts.
import type { Bilingual } from '../index.ts';

const dict: Bilingual = {
  zh: {
    'reason.account.stationRequired': '站点员工必须指定站点',
    'reason.account.stationDecommissioned': '站点 {station} 已撤站',
    'reason.account.stationOnlyForStaff': '只有站点员工需要指定站点',
    'reason.account.cityRequired': '城市经理必须指定城市',
    'reason.account.cityOnlyForManagers': '只有城市经理需要指定城市',
    'reason.account.badEmail': '不是有效的邮箱地址',
    'reason.account.badPhone': '不是有效的手机号（11 位手机号，或带 + 国家代码）',
    'reason.account.loginNeeded': '需要邮箱或手机号才能登录',
    'reason.account.loginTaken': '{login} 已被另一个账号使用',
    'reason.account.managerCreatesStaffOnly': '城市经理只能为本城市创建站点员工',
    'reason.account.createForbidden': '只有管理员和城市经理可以创建账号',
    'reason.account.manageForbidden': '您不能管理此账号',
    'reason.account.ownRole': '您不能修改自己的角色，请让另一位管理员操作',
    'reason.account.moveForbidden': '您不能把此账号调到那里',
    'reason.account.noChange': '没有任何改动',
    'reason.account.deactivatedReactivateFirst': '此账号已停用：请先重新启用',
    'reason.account.deactivateSelf': '您不能停用自己的账号',
    'reason.account.alreadyDeactivated': '此账号已经停用',
    'reason.account.notDeactivated': '此账号未被停用',
    'reason.activation.badCode': '激活码无效或已过期（72 小时内有效，只能使用一次）。请向经理索取新的激活码',
    'reason.password.personOnly': '请以个人身份登录后再修改密码',
    'reason.password.wrongCurrent': '当前密码不正确',
    'reason.password.unchanged': '新密码与当前密码相同',
    'reason.password.tooShort': '密码至少需要 {min} 个字符',
    'reason.password.tooLong': '密码最多 {max} 个字符',
    'reason.password.tooEasy': '密码太容易被猜到；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.topTen': '密码太容易被猜到：它是最常见的十个密码之一；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.topHundred':
      '密码太容易被猜到：它是最常见的一百个密码之一；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.common': '密码太容易被猜到：它是常用密码；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.similarToCommon': '密码太容易被猜到：它与常用密码太相似；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.wordByItself': '密码太容易被猜到：它只是一个单词；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.namesByThemselves': '密码太容易被猜到：它是一个名字；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.commonNames': '密码太容易被猜到：它是常见的名字；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.userInputs':
      '密码太容易被猜到：它包含您的姓名、邮箱或手机号；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.straightRow': '密码太容易被猜到：它是键盘上的一排键；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.keyPattern': '密码太容易被猜到：它是键盘图案；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.simpleRepeat':
      '密码太容易被猜到：它重复同一字符（如 “aaa”）；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.extendedRepeat':
      '密码太容易被猜到：它重复同一段字符（如 “abcabc”）；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.sequences':
      '密码太容易被猜到：它是顺序字符（如 “abc” 或 “123”）；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.recentYears': '密码太容易被猜到：它是近年的年份；请用几个不相关的词组成更长的短语',
    'reason.password.tooEasy.dates': '密码太容易被猜到：它是一个日期；请用几个不相关的词组成更长的短语',
  },
  en: {
    'reason.account.stationRequired': 'is required for station staff',
    'reason.account.stationDecommissioned': 'station {station} is decommissioned',
    'reason.account.stationOnlyForStaff': 'is only for station staff',
    'reason.account.cityRequired': 'is required for a city manager',
    'reason.account.cityOnlyForManagers': 'is only for city managers',
    'reason.account.badEmail': 'is not an email address',
    'reason.account.badPhone': 'is not a phone number (11-digit mobile, or +country code)',
    'reason.account.loginNeeded': 'an email or a phone number is needed to sign in',
    'reason.account.loginTaken': 'Another account already uses {login}',
    'reason.account.managerCreatesStaffOnly': 'City managers create station staff of their own city only',
    'reason.account.createForbidden': 'Only admins and city managers create accounts',
    'reason.account.manageForbidden': 'You cannot manage this account',
    'reason.account.ownRole': 'You cannot change your own role; ask another admin',
    'reason.account.moveForbidden': 'You cannot move this account there',
    'reason.account.noChange': 'changes nothing',
    'reason.account.deactivatedReactivateFirst': 'This account is deactivated: reactivate it first',
    'reason.account.deactivateSelf': 'You cannot deactivate your own account',
    'reason.account.alreadyDeactivated': 'This account is already deactivated',
    'reason.account.notDeactivated': 'This account is not deactivated',
    'reason.activation.badCode':
      'is not valid or has expired (codes last 72 hours and work once): ask your manager for a new one',
    'reason.password.personOnly': 'Sign in as a person to change your password',
    'reason.password.wrongCurrent': 'is not your current password',
    'reason.password.unchanged': 'is the same as the current password',
    'reason.password.tooShort': 'must be at least {min} characters',
    'reason.password.tooLong': 'must be at most {max} characters',
    'reason.password.tooEasy': 'is too easy to guess; use a longer phrase of unrelated words',
    'reason.password.tooEasy.topTen':
      'is too easy to guess: it is one of the ten most common passwords; use a longer phrase of unrelated words',
    'reason.password.tooEasy.topHundred':
      'is too easy to guess: it is one of the hundred most common passwords; use a longer phrase of unrelated words',
    'reason.password.tooEasy.common':
      'is too easy to guess: it is a commonly used password; use a longer phrase of unrelated words',
    'reason.password.tooEasy.similarToCommon':
      'is too easy to guess: it is too similar to a commonly used password; use a longer phrase of unrelated words',
    'reason.password.tooEasy.wordByItself':
      'is too easy to guess: it is a single word, which is easy to guess; use a longer phrase of unrelated words',
    'reason.password.tooEasy.namesByThemselves':
      'is too easy to guess: it is a name, which is easy to guess; use a longer phrase of unrelated words',
    'reason.password.tooEasy.commonNames':
      'is too easy to guess: it is a common name, which is easy to guess; use a longer phrase of unrelated words',
    'reason.password.tooEasy.userInputs':
      'is too easy to guess: it contains your name, email or phone; use a longer phrase of unrelated words',
    'reason.password.tooEasy.straightRow':
      'is too easy to guess: it is a row of keys on the keyboard; use a longer phrase of unrelated words',
    'reason.password.tooEasy.keyPattern':
      'is too easy to guess: it is a keyboard pattern; use a longer phrase of unrelated words',
    'reason.password.tooEasy.simpleRepeat':
      'is too easy to guess: it repeats characters (like "aaa"); use a longer phrase of unrelated words',
    'reason.password.tooEasy.extendedRepeat':
      'is too easy to guess: it repeats a pattern (like "abcabc"); use a longer phrase of unrelated words',
    'reason.password.tooEasy.sequences':
      'is too easy to guess: it is a sequence (like "abc" or "123"); use a longer phrase of unrelated words',
    'reason.password.tooEasy.recentYears':
      'is too easy to guess: it is a recent year; use a longer phrase of unrelated words',
    'reason.password.tooEasy.dates': 'is too easy to guess: it is a date; use a longer phrase of unrelated words',
  },
};

export default dict;
