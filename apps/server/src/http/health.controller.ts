import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectQueue } from '@nestjs/bull';
import { MikroORM } from '@mikro-orm/core';
import type { Queue } from 'bull';
import type { Response } from 'express';
import { Public } from '@confab/plugin-sdk';
import { AI_REPLY_QUEUE } from '@confab/conversations';

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; ms: number; error?: string }> {
  const began = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000))]);
    return { ok: true, ms: Math.round(performance.now() - began) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - began), error: (err as Error).message };
  }
}

@ApiTags('Operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly orm: MikroORM,
    @InjectQueue(AI_REPLY_QUEUE) private readonly queue: Queue,
  ) {}

  @Get('health')
  @ApiOkResponse({ description: 'Database and Redis answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer; the body says which' })
  async health(@Res() res: Response): Promise<void> {
    const [database, redis] = await Promise.all([
      timed(() => this.orm.em.getConnection().execute('select 1')),
      timed(() => this.queue.client.ping()),
    ]);
    const ok = database.ok && redis.ok;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'degraded', database, redis });
  }
}
