export { CollectDataToolModule } from './collect-data.module';
export { CollectDataTool, type CollectDataArgs } from './collect-data.tool';
export { CollectDataConfig, FieldDto, FIELD_TYPES, type FieldType } from './collect-data.config';
