// Optional e-mail delivery of activation and reset codes (SMTP through nodemailer). Without
// SMTP_URL there is no mailer and nothing is sent: the creator hands the code over as before.
// Delivery never fails an account operation: a failure is logged (never with the code or the
// link, which carry the secret) and reported to the creator as `emailDelivered: false`.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logger.ts';
import { activationMail, type ActivationMail } from './activation-mail.ts';

export interface MailConfig {
  /** smtp://user:pass@host:587 or smtps://host:465 (nodemailer's connection URL). */
  smtpUrl: string;
  /** The From header, e.g. "Recycling stations <no-reply@example.cn>". */
  from: string;
  /** The site's origin, so the e-mailed link is absolute (the code's page is /activate). */
  publicUrl: string;
}

export interface Mailer {
  /** Sends the code to the person; true when the SMTP server accepted it, false when it did not. */
  sendActivation(to: string, mail: ActivationMail): Promise<boolean>;
  close(): void;
}

/** Milliseconds before an unreachable or silent SMTP server counts as a failed delivery. */
const SMTP_TIMEOUT_MS = 10_000;

export function createMailer(config: MailConfig, logger: Logger): Mailer {
  const transport: Transporter = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  const log = logger.child({ component: 'mailer' });
  return {
    async sendActivation(to, mail) {
      const { subject, text } = activationMail(mail, config.publicUrl);
      try {
        const info = await transport.sendMail({ from: config.from, to, subject, text });
        const accepted = (info.accepted?.length ?? 0) > 0 && (info.rejected?.length ?? 0) === 0;
        // Who and why only: the code and the link are secrets and are never logged.
        if (accepted) log.info({ userId: mail.userId, kind: mail.kind }, 'activation e-mail sent');
        else log.warn({ userId: mail.userId, kind: mail.kind }, 'activation e-mail refused by the SMTP server');
        return accepted;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        log.warn({ userId: mail.userId, kind: mail.kind, reason }, 'activation e-mail could not be sent');
        return false;
      }
    },
    close: () => transport.close(),
  };
}
