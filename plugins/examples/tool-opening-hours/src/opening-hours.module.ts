import { type DynamicModule, Module } from '@nestjs/common';
import { OPENING_HOURS_OPTIONS, type OpeningHoursOptions } from './opening-hours.options';
import { OpeningHoursTool } from './opening-hours.tool';
import { OpeningHoursSettings } from './opening-hours.settings';
import { PluginSettings } from '@confab/plugin-sdk';

/** Loading the module is all it takes: the plugin registry discovers the @Tool provider; the server reads its settings. */
@PluginSettings(OpeningHoursSettings)
@Module({})
export class OpeningHoursToolModule {
  static forRoot(options: OpeningHoursOptions): DynamicModule {
    return { module: OpeningHoursToolModule, providers: [OpeningHoursTool, { provide: OPENING_HOURS_OPTIONS, useValue: options }] };
  }
}
