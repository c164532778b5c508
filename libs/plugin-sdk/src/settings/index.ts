export * from './setting-types';
export * from './define-plugin-settings';
export * from './read-plugin-settings';
