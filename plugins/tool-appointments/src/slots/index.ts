export * from './calendar-rules';
export * from './zoned-time';
export * from './availability';
