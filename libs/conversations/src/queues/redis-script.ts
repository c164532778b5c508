import type { Redis } from 'ioredis';

type ScriptCall = (...args: Array<string | number>) => Promise<unknown>;

/**
 * A Lua script called by its SHA1 (EVALSHA; ioredis sends the body again only when the server answers NOSCRIPT,
 * after a restart or SCRIPT FLUSH): the reply path runs three or four of them per message, and EVAL sent each
 * body (up to 550 bytes) every time for Redis to hash again. Defined on the client the first time it is used.
 */
export function redisScript(redis: Redis, name: string, numberOfKeys: number, lua: string): ScriptCall {
  const commands = redis as unknown as Record<string, ScriptCall | undefined>;
  if (typeof commands[name] !== 'function') redis.defineCommand(name, { numberOfKeys, lua });
  const command = commands[name] as ScriptCall;
  return (...args) => command.apply(redis, args);
}
