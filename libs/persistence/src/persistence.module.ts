import { type DynamicModule, Global, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { EntityClass } from '@mikro-orm/core';
import { buildOrmConfig } from './orm-config';
import { Db } from './tenant/db';
import { PreparedSql } from './tenant/prepared-sql';
import { OutboxRelay, RELAY_OPTIONS, type OutboxRelayOptions } from './event-log/outbox-relay';
import { SecretBox } from './secrets/secret-box';
import { PgSignals } from './signals/pg-signals';
import { TableUpkeep, UPKEEP_OPTIONS, type TableUpkeepOptions } from './upkeep/table-upkeep';
import { PluginStore } from '@confab/plugin-sdk';
import { PluginStoreAdapter } from './plugin-store/plugin-store.adapter';

export interface PersistenceOptions {
  databaseUrl: string;
  entities: EntityClass<any>[];
  secrets: SecretBox;
  relay: OutboxRelayOptions;
  /** Statistics and dead rows of the tables (table-upkeep.ts); off when left out. */
  upkeep?: TableUpkeepOptions;
  poolMax?: number;
}

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        MikroOrmModule.forRoot({
          ...buildOrmConfig({ clientUrl: options.databaseUrl, entities: options.entities, poolMax: options.poolMax }),
          registerRequestContext: false,
        }),
      ],
      providers: [
        Db,
        PreparedSql,
        { provide: SecretBox, useValue: options.secrets },
        OutboxRelay,
        { provide: RELAY_OPTIONS, useValue: options.relay },
        { provide: PluginStore, useClass: PluginStoreAdapter },
        PgSignals,
        TableUpkeep,
        { provide: UPKEEP_OPTIONS, useValue: options.upkeep ?? { enabled: false, intervalMs: 0 } },
      ],
      exports: [Db, PreparedSql, SecretBox, OutboxRelay, PluginStore, PgSignals, TableUpkeep],
    };
  }
}
