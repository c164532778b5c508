import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BigIntType } from '@mikro-orm/core';

/** The last event id a projection applied, so read-models resume after a crash and can be rebuilt from 0. */
@Entity({ tableName: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryKey({ type: 'text' })
  name!: string;

  @Property({ type: new BigIntType('number') })
  lastEventId = 0;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
