import { type DynamicModule, Module } from '@nestjs/common';
import { WebWidgetChannel } from './web-widget-channel';
import { WEB_WIDGET_OPTIONS, type WebWidgetOptions } from './web-widget.options';
import { WidgetAccess } from './widget-access';
import { WidgetSessionsController } from './widget-sessions.controller';
import { WidgetChatController } from './widget-chat.controller';
import { WidgetAssetsController } from './widget-assets.controller';
import { WidgetEventsController } from './widget-events.controller';
import { VisitorWake } from './visitor-wake';

@Module({})
export class WebWidgetChannelModule {
  static forRoot(options: WebWidgetOptions): DynamicModule {
    return {
      module: WebWidgetChannelModule,
      providers: [WebWidgetChannel, WidgetAccess, VisitorWake, { provide: WEB_WIDGET_OPTIONS, useValue: options }],
      controllers: [WidgetSessionsController, WidgetChatController, WidgetEventsController, WidgetAssetsController],
    };
  }
}
