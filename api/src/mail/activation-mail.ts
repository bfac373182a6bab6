// The activation e-mail, in Chinese and English in one message (the sender does not know which
// language the person reads). Pure, so its text is tested without an SMTP server.
export interface ActivationMail {
  userId: number;
  displayName: string;
  /** created: a new account; reset: a password reset by a manager or admin. */
  kind: 'created' | 'reset';
  code: string;
  /** The activation page's path with the code, e.g. /activate?code=ABCD-EFGH-JKLM. */
  link: string;
  expiresAt: Date;
}

/** 2026-11-14 12:00 (China time, where every station is). */
function chinaTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function activationMail(m: ActivationMail, publicUrl: string): { subject: string; text: string } {
  const url = `${publicUrl.replace(/\/+$/, '')}${m.link}`;
  const until = chinaTime(m.expiresAt);
  const created = m.kind === 'created';
  const subject = created
    ? '激活您的回收驿站账号 / Activate your recycling-station account'
    : '重设您的回收驿站密码 / Reset your recycling-station password';
  const text = [
    `${m.displayName}，您好：`,
    '',
    created ? '已为您创建回收驿站管理系统的账号。' : '您的密码已被重置。',
    `请打开下面的链接，或在激活页面输入激活码，设置您自己的密码：`,
    url,
    `激活码：${m.code}`,
    `有效期至 ${until}（北京时间），只能使用一次。如非本人操作，请忽略此邮件并联系您的经理。`,
    '',
    '----',
    '',
    `Hello ${m.displayName},`,
    '',
    created ? 'An account has been created for you in the recycling-station system.' : 'Your password has been reset.',
    'Open the link below, or enter the activation code on the activation page, and set your own password:',
    url,
    `Activation code: ${m.code}`,
    `Valid until ${until} (China time), once. If you did not expect this, ignore this e-mail and tell your manager.`,
    '',
  ].join('\n');
  return { subject, text };
}
