/** A small bundled blocklist: well-known leaked passwords of ten or more characters. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '0000000000', '0123456789', '0987654321', '1111111111', '111222333444', '123123123123', '1234512345',
  '1234567890', '1234567890a', '1234567891', '12345678910', '123456789a', '1234qwerasdf', '123qweasdzxc',
  '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx3edc', '1qazxsw23edc', '2222222222', '5555555555', '987654321a',
  '9999999999', 'a123456789', 'abc1234567', 'abcd123456', 'abcdef1234', 'abcdefghij', 'admin12345',
  'admin123456', 'administrator', 'administrator1', 'asdfasdfasdf', 'asdfghjkl1', 'asdfghjkl;',
  'baseball123', 'basketball', 'basketball1', 'changeme12', 'changeme123', 'chatpassword', 'computer12',
  'computer123', 'correcthorsebatterystaple', 'dragon1234', 'football123', 'freedom123', 'iloveyou12',
  'iloveyou123', 'iloveyou1234', 'internet12', 'jennifer12', 'letmein123', 'letmeinnow', 'master1234',
  'michael123', 'monkey1234', 'mypassword', 'mypassword1', 'mypassword123', 'p@ssw0rd123', 'p@ssword123',
  'passw0rd123', 'password01', 'password1!', 'password12', 'password123', 'password1234', 'password12345',
  'password2024', 'password2025', 'password2026', 'passwordpassword', 'princess123', 'q1w2e3r4t5',
  'q1w2e3r4t5y6', 'qazwsxedc123', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'qwertyqwerty', 'qwertyuiop',
  'qwertyuiop123', 'rootpassword', 'secret1234', 'secret12345', 'shadow1234', 'starwars123', 'sunshine123',
  'superman123', 'thisisapassword', 'trustno1234', 'welcome123', 'welcome1234', 'welcome2024', 'whatever12',
  'zaq12wsxcde', 'zxcvbnm123',
]);
