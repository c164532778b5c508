export * from './whatsapp-channel';
export * from './whatsapp.config';
export * from './whatsapp.module';
export * from './whatsapp.options';
export * from './signature';
export * from './whatsapp.settings';
