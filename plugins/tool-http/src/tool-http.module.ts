import { type DynamicModule, Module } from '@nestjs/common';
import { HttpToolsController } from './http-tools.controller';
import { HttpToolsService } from './http-tools.service';
import { HTTP_TOOLS_OPTIONS, type HttpToolsOptions } from './http-tools.options';

@Module({})
export class HttpToolModule {
  static forRoot(options: HttpToolsOptions): DynamicModule {
    return { module: HttpToolModule, controllers: [HttpToolsController], providers: [HttpToolsService, { provide: HTTP_TOOLS_OPTIONS, useValue: options }] };
  }
}
