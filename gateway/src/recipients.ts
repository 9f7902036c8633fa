// A Set per event per node was a tenth of a node's allocations at 900 msg/s (groups of 20); a
// scan of a short list allocates nothing, and big groups still get the Set.
export const SCAN_RECIPIENTS_UP_TO = 32;
/** Whether a user is among an event's recipients (the membership when it happened). */
export const recipientCheck = (recipients: readonly string[]): ((userId: string) => boolean) => {
  if (recipients.length > SCAN_RECIPIENTS_UP_TO) {
    const set = new Set(recipients);
    return (userId) => set.has(userId);
  }
  return (userId) => recipients.includes(userId);
};
