import type { FastifyReply } from 'fastify';
import type { AppError } from '../../platform/errors.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';

export type Refused = FormErrorsView & { status: number };
export const refusal = (error: AppError): Refused => ({ ...refusalErrorsView(error), status: error.status });
export const tags = ['reports'];

/** A download: the file with its name and content type. */
export function sendFile(reply: FastifyReply, contentType: string, fileName: string, body: string | Buffer): FastifyReply {
  return reply.header('content-type', contentType).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(body);
}
