import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PluginRegistry } from './plugin-registry';

/** Imported once by the server; plugins only need their own modules to be loaded next to it. */
@Global()
@Module({ imports: [DiscoveryModule], providers: [PluginRegistry], exports: [PluginRegistry] })
export class PluginRegistryModule {}
