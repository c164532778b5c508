export * from './web-widget-channel';
export * from './web-widget.config';
export * from './web-widget.module';
export * from './web-widget.options';
export { publicKeyOf, connectionIdOf, embedSnippetFor } from './public-key';
export { identityHash } from './identity-hash';
export { sessionKeyFrom } from './session-token';
