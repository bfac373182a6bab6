// Sign-in, sessions and tokens (a person's and a green-points member's).
// Keys mirror the codes of api/src/domain/messages.ts (reason.<code>); see ./index.ts.
import type { Bilingual } from '../index.ts';

const dict: Bilingual = {
  zh: {
    'reason.auth.wrongCredentials': '邮箱或密码错误',
    'reason.auth.throttled': '登录失败次数过多，请在 {seconds} 秒后重试',
    'reason.auth.deactivated': '此账号已停用，请联系您的经理',
    'reason.auth.sessionEnded': '您的登录已结束（密码、角色或站点已变更），请重新登录',
    'reason.auth.signedOut': '当前没有登录',
    'reason.auth.roleForbidden': '您的角色不能在此执行此操作',
    'reason.auth.signInToDoThis': '请先登录',
    'reason.auth.signInNeeded': '请先登录（或使用已配对的柜台设备）',
    'reason.token.expired': '登录已过期，请重新登录',
    'reason.token.badClaims': '登录凭证内容无效，请重新登录',
    'reason.token.noClaim': '登录凭证缺少 “{claim}” 字段（凭证必须有有效期），请重新登录',
    'reason.token.badSignature': '登录凭证签名无效',
    'reason.token.malformed': '登录凭证格式错误或不是本服务器签发的',
    'reason.token.badHeader': 'Authorization 请求头必须为 “Bearer <token>”',
    'reason.member.tokenExpired': '会员登录已过期，请用会员码和密钥重新登录',
    'reason.member.badClaims': '会员登录凭证内容无效，请重新登录',
    'reason.member.unknown': '此会员码在这里未知，请重新加入',
    'reason.member.signedOutEverywhere': '您已在所有设备上退出，请用会员码和密钥重新登录',
    'reason.member.wrongSecret': '会员码或密钥错误',
  },
  en: {
    'reason.auth.wrongCredentials': 'Email or password is wrong',
    'reason.auth.throttled': 'Too many failed sign-ins; try again in {seconds} s',
    'reason.auth.deactivated': 'This account is deactivated; ask your manager',
    'reason.auth.sessionEnded': 'Your session has ended (password, role or station changed): sign in again',
    'reason.auth.signedOut': 'Nobody is signed in',
    'reason.auth.roleForbidden': 'Your role does not allow this operation here',
    'reason.auth.signInToDoThis': 'Sign in to do this',
    'reason.auth.signInNeeded':
      'Sign in and send "Authorization: Bearer <token>" (or "X-Device-Token" from a paired counter device)',
    'reason.token.expired': 'Token has expired; sign in again',
    'reason.token.badClaims': 'Token claims are invalid; sign in again',
    'reason.token.noClaim': 'Token has no "{claim}" claim (every token must expire); sign in again',
    'reason.token.badSignature': 'Token signature is invalid',
    'reason.token.malformed': 'Token is malformed or not issued by this server',
    'reason.token.badHeader': 'Authorization header must be "Bearer <token>"',
    'reason.member.tokenExpired': 'Member token has expired; sign in again with your member code and secret',
    'reason.member.badClaims': 'Member token claims are invalid; sign in again',
    'reason.member.unknown': 'This member code is not known here; join again',
    'reason.member.signedOutEverywhere':
      'You signed out on every device; sign in again with your member code and secret',
    'reason.member.wrongSecret': 'Member code or secret is wrong',
  },
};

export default dict;
