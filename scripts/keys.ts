import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import type { SigningKeyConfig } from '@chat/core/config/env';

/**
 * `npm run keys -- new`          prints a JWT_SIGNING_KEYS value with one fresh key.
 * `npm run keys -- rotate`       reads the current value from JWT_SIGNING_KEYS and prints it with a
 *                                new key appended: the new key signs, the old ones still verify.
 * `npm run keys -- retire KID`   prints the value without KID (do this once its tokens expired:
 *                                ACCESS_TOKEN_TTL_SECONDS after the rotation was deployed).
 */
const [command, kid] = process.argv.slice(2);
const current = (): SigningKeyConfig[] => JSON.parse(process.env.JWT_SIGNING_KEYS ?? '[]') as SigningKeyConfig[];

switch (command) {
  case 'new':
    console.log(JSON.stringify([await generateSigningKey()]));
    break;
  case 'rotate':
    console.log(JSON.stringify([...current(), await generateSigningKey()]));
    break;
  case 'retire': {
    const keys = current();
    if (!keys.some((k) => k.kid === kid)) throw new Error(`no key with kid ${kid}`);
    if (keys.at(-1)?.kid === kid) throw new Error('refusing to retire the key that signs; rotate first');
    console.log(JSON.stringify(keys.filter((k) => k.kid !== kid)));
    break;
  }
  default:
    console.error('usage: npm run keys -- new | rotate | retire KID');
    process.exit(2);
}
