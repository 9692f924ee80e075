import type { Transporter } from 'nodemailer';
import { loadNodemailer } from './lazy-libraries.js';
import type { MailTransport } from './notifications.js';

export function createSmtpTransport(smtpUrl: string): MailTransport {
  // nodemailer is loaded with the first message, not at start (lazy-libraries.ts).
  let transporter: Promise<Transporter> | undefined;
  return {
    async send(message) {
      transporter ??= loadNodemailer().then((nodemailer) => nodemailer.createTransport(smtpUrl));
      await (await transporter).sendMail(message); // messageId and headers: nodemailer sets Message-ID and the headers from them
    },
  };
}
