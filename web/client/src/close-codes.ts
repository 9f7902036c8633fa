/**
 * The gateway's close codes (gateway/src/protocol.ts `CloseCode`; a test checks they match). Values,
 * not an import: the SDK must not pull server code into a bundle.
 */
export const CloseCode = {
  draining: 4000,
  overloaded: 4001,
  idleTimeout: 4002,
  unavailable: 4003,
  authFailed: 4100,
  tokenExpired: 4101,
  protocolViolation: 4102,
} as const;

export type CloseAction = 'reconnect' | 'refresh-then-reconnect' | 'stop';

/** 4000–4099: come back (elsewhere); 4101: refresh the token first; other 41xx: do not retry. */
export function closeAction(code: number): CloseAction {
  if (code === CloseCode.tokenExpired) return 'refresh-then-reconnect';
  if (code >= 4100 && code <= 4999) return 'stop';
  return 'reconnect';
}
