export { OpeningHoursToolModule } from './opening-hours.module';
export { OpeningHoursTool, retryAfterSeconds, WEEKDAYS, type OpeningHoursArgs } from './opening-hours.tool';
export { OpeningHoursConfig } from './opening-hours.config';
export type { OpeningHoursOptions } from './opening-hours.options';
export { OpeningHoursSettings } from './opening-hours.settings';
