import { AppError, type ErrorDetail } from '../errors.js';

export class MediaTooLargeError extends AppError {
  constructor(size: number, maxBytes: number) {
    super('media_too_large', `The file is ${size} bytes; the limit is ${maxBytes}`, { details: [{ field: 'size', issue: `must be at most ${maxBytes}` }] });
    this.name = 'MediaTooLargeError';
  }
}

export class MediaTypeNotAllowedError extends AppError {
  constructor(contentType: string) {
    super('media_type_not_allowed', `Files of type ${contentType} cannot be shared`, { details: [{ field: 'contentType', issue: 'is not an allowed type' }] });
    this.name = 'MediaTypeNotAllowedError';
  }
}

/** The uploaded bytes are not what was declared (a PNG declared as PDF, a size that differs). */
export class MediaMismatchError extends AppError {
  constructor(details: ErrorDetail[]) {
    super('media_mismatch', 'The uploaded file does not match what was declared', { details });
    this.name = 'MediaMismatchError';
  }
}

/** Completion was asked for before the bytes arrived. */
export class MediaNotUploadedError extends AppError {
  constructor() {
    super('media_not_uploaded', 'Nothing has been uploaded for this media yet');
    this.name = 'MediaNotUploadedError';
  }
}
