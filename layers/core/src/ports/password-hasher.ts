/** Memory-hard password hashing. `verify` runs in time independent of where the inputs differ. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Spends the same time as a real verify; used when the account does not exist, so timing reveals nothing. */
  verifyDummy(password: string): Promise<void>;
}
