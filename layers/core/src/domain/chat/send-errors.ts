import { NotFoundError, ValidationError } from '../errors.js';

/**
 * The refusals of `MessageStore.send`, the same from every adapter. A non-member learns nothing,
 * not even that the conversation exists, so ids cannot be probed (as `requireMember`).
 */
export const notAMember = () => new NotFoundError('Conversation');

export const noReplyTarget = () => new ValidationError('Reply target does not exist', [{ field: 'replyToSeq', issue: 'no message with this seq' }]);
