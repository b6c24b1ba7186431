import type { ApiKeyLimits } from '@latticelm/config';
import type { KeyLimitVerdict } from './key-buckets';

export interface KeyAdmission {
  keyId: string;
  limits: ApiKeyLimits;
  /** tokens reserved against tokens_per_minute until the request settles */
  reserveTokens: number;
}

/**
 * The per-key request and token limits. One check per request (`admit`), one adjustment when it ends (`settle`,
 * only when the key has a token limit). In memory for one replica, or in Redis, atomically, for all of them.
 */
export abstract class KeyLimiter {
  abstract readonly store: 'memory' | 'redis';
  abstract admit(admission: KeyAdmission): Promise<KeyLimitVerdict>;
  /** `used` tokens replace the `reserved` ones in the key's token bucket */
  abstract settle(keyId: string, tokensPerMinute: number, reserved: number, used: number): Promise<void>;
  async close(): Promise<void> {}
}
