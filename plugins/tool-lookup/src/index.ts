export * from './tool-lookup.module';
export * from './lookup-records.tool';
export * from './csv';
