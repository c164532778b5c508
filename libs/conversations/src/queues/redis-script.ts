import type { Redis } from 'ioredis';

type ScriptCall = (...args: Array<string | number>) => Promise<unknown>;
const defined = new WeakMap<Redis, Set<string>>();

/**
 * A Lua script called by its SHA1 (EVALSHA; ioredis sends the body again only when the server answers NOSCRIPT,
 * after a restart or SCRIPT FLUSH): the reply path runs three or four of them per message, and EVAL sent each
 * body (up to 550 bytes) every time for Redis to hash again.
 */
export function redisScript(redis: Redis, name: string, numberOfKeys: number, lua: string): ScriptCall {
  let names = defined.get(redis);
  if (!names) defined.set(redis, (names = new Set()));
  if (!names.has(name)) {
    redis.defineCommand(name, { numberOfKeys, lua });
    names.add(name);
  }
  const command = (redis as unknown as Record<string, ScriptCall>)[name];
  return (...args) => command.apply(redis, args);
}
