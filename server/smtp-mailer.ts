import nodemailer from 'nodemailer';
import type { Mail, Mailer } from '../core/mail/mailer';

/** Mail through the organisation's SMTP server (SMTP_URL). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail: Mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
