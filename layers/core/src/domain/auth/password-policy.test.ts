import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblems } from './password-policy.js';

const tooShort = { field: 'password', issue: 'must be at least 10 characters' };
const tooLong = { field: 'password', issue: 'must be at most 200 characters' };
const common = { field: 'password', issue: 'is one of the most common passwords' };
const personal = { field: 'password', issue: 'must not contain your username or e-mail' };

describe('passwordProblems', () => {
  it('accepts a good passphrase', () => {
    expect(passwordProblems('correct horse battery staple', { username: 'alice', email: 'alice@example.com' })).toEqual([]);
    expect(passwordProblems('tea kettle under the bridge 42')).toEqual([]);
  });

  it('uses limits of 10 and 200 characters', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(PASSWORD_MAX_LENGTH).toBe(200);
  });

  it('rejects a password shorter than 10 characters', () => {
    expect(passwordProblems('nine char')).toEqual([tooShort]);
    expect(passwordProblems('')).toEqual([tooShort]);
  });

  it('accepts exactly 10 characters', () => {
    expect(passwordProblems('ten chars!')).toEqual([]);
  });

  it('counts unicode code points, not UTF-16 units', () => {
    expect('🔑'.repeat(9).length).toBe(18);
    expect(passwordProblems('🔑'.repeat(9))).toEqual([tooShort]);
    expect(passwordProblems('🔑'.repeat(10))).toEqual([]);
    expect(passwordProblems('пароль-дли')).toEqual([]);
  });

  it('rejects a password longer than 200 characters', () => {
    expect(passwordProblems('ab'.repeat(100))).toEqual([]);
    expect(passwordProblems('ab'.repeat(100) + 'c')).toEqual([tooLong]);
  });

  it('counts the maximum in code points too', () => {
    expect(passwordProblems('🔑'.repeat(200))).toEqual([]);
    expect(passwordProblems('🔑'.repeat(201))).toEqual([tooLong]);
  });

  it('rejects common passwords whatever their case', () => {
    expect(passwordProblems('Password123')).toEqual([common]);
    expect(passwordProblems('PASSWORD123')).toEqual([common]);
    expect(passwordProblems('qwertyuiop')).toEqual([common]);
    expect(passwordProblems('1234567890')).toEqual([common]);
  });

  it('rejects a password containing the username, whatever the case', () => {
    expect(passwordProblems('my name is Alice, hello', { username: 'alice' })).toEqual([personal]);
    expect(passwordProblems('hello-carol_1-world', { username: 'Carol_1' })).toEqual([personal]);
  });

  it('rejects a password containing the e-mail local part', () => {
    expect(passwordProblems('bob.smith is my password', { email: 'Bob.Smith@example.com' })).toEqual([personal]);
  });

  it('does not reject for the e-mail domain', () => {
    expect(passwordProblems('example.com rocks forever', { email: 'bob.smith@example.com' })).toEqual([]);
  });

  it('ignores usernames and mailboxes shorter than 4 characters', () => {
    expect(passwordProblems('bob loves long passphrases', { username: 'bob', email: 'bob@example.com' })).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(passwordProblems('alice', { username: 'alice' })).toEqual([tooShort, personal]);
    expect(passwordProblems('Password123', { username: 'password' })).toEqual([common, personal]);
  });

  it('works without any identity', () => {
    expect(passwordProblems('a perfectly fine passphrase', {})).toEqual([]);
    expect(passwordProblems('a perfectly fine passphrase', { username: '', email: '' })).toEqual([]);
  });
});
