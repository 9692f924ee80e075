import nodemailer from 'nodemailer';
import type { MailTransport } from './notifications.js';

export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transporter.sendMail(message); // messageId and headers: nodemailer sets Message-ID and the headers from them
    },
  };
}
