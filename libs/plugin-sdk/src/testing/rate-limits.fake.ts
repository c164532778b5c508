import { RateLimits } from '../http/rate-limits';

/** For unit tests of plugin controllers: every limit has room. The real limits are tested against Redis. */
export class UnlimitedRateLimits extends RateLimits {
  async admitInbound(): Promise<void> {}
  async assertSourceAllowed(): Promise<void> {}
  async recordSourceFailure(): Promise<void> {}
  async admitSignIn(): Promise<void> {}
}
