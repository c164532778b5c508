import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { LIVE_FEED } from '@confab/plugin-sdk';
import { RedisLiveFeed, type RedisLiveFeedOptions } from './redis-live-feed';
import { LivePublisher } from './live-publisher';

@Injectable()
class LiveFeedShutdown implements OnApplicationShutdown {
  constructor(@Inject(LIVE_FEED) private readonly feed: RedisLiveFeed) {}
  async onApplicationShutdown(): Promise<void> {
    await this.feed.close();
  }
}

/** Binds the SDK's LIVE_FEED to Redis; global so channel plugins and the core's routes can inject it. */
@Global()
@Module({})
export class LiveFeedModule {
  static forRoot(options: RedisLiveFeedOptions): DynamicModule {
    return {
      module: LiveFeedModule,
      providers: [{ provide: LIVE_FEED, useFactory: () => new RedisLiveFeed(options) }, LivePublisher, LiveFeedShutdown],
      exports: [LIVE_FEED, LivePublisher],
    };
  }
}
