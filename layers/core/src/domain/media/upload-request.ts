import { ValidationError, type ErrorDetail } from '../errors.js';
import { isAllowedContentType, normalizeContentType } from './content-types.js';
import { MediaTooLargeError, MediaTypeNotAllowedError } from './errors.js';
import { checkFileName } from './file-name.js';

export const DEFAULT_MEDIA_MAX_BYTES = 100 * 1024 * 1024;

export interface UploadRequest {
  fileName: string;
  contentType: string;
  size: number;
}

/**
 * Everything checked before a grant is signed, so no upload URL exists for a request we would
 * refuse. Malformed input is one ValidationError listing every field; a well-formed request for
 * a type we refuse or a size over the limit gets its own error code.
 */
export function checkUploadRequest(input: UploadRequest, limits: { maxBytes: number }): UploadRequest {
  const details: ErrorDetail[] = [];
  const name = checkFileName(input.fileName);
  if (!name.ok) details.push(...name.details);
  if (!Number.isSafeInteger(input.size) || input.size <= 0) details.push({ field: 'size', issue: 'must be a positive whole number of bytes' });
  const contentType = normalizeContentType(input.contentType);
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(contentType))
    details.push({ field: 'contentType', issue: 'must be a MIME type like image/jpeg' });
  if (details.length > 0 || !name.ok) throw new ValidationError('Invalid upload request', details);
  if (!isAllowedContentType(contentType)) throw new MediaTypeNotAllowedError(contentType);
  if (input.size > limits.maxBytes) throw new MediaTooLargeError(input.size, limits.maxBytes);
  return { fileName: name.fileName, contentType, size: input.size };
}
