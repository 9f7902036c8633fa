import { COMMON_PASSWORDS } from './common-passwords.js';
import type { ErrorDetail } from '../errors.js';

export const PASSWORD_MIN_LENGTH = 10;
// Long enough for any passphrase, short enough that hashing cannot be used to burn our CPU.
export const PASSWORD_MAX_LENGTH = 200;

/** Returns what is wrong with a new password, or nothing. NIST 800-63B: length and a blocklist, no composition rules. */
export function passwordProblems(password: string, identity: { username?: string; email?: string } = {}): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push({ field: 'password', issue: `must be at least ${PASSWORD_MIN_LENGTH} characters` });
  if (length > PASSWORD_MAX_LENGTH) problems.push({ field: 'password', issue: `must be at most ${PASSWORD_MAX_LENGTH} characters` });
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) problems.push({ field: 'password', issue: 'is one of the most common passwords' });
  const name = identity.username?.toLowerCase();
  const mailbox = identity.email?.toLowerCase().split('@')[0];
  if ((name && lower.includes(name) && name.length >= 4) || (mailbox && mailbox.length >= 4 && lower.includes(mailbox))) {
    problems.push({ field: 'password', issue: 'must not contain your username or e-mail' });
  }
  return problems;
}
