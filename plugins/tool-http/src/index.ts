export * from './tool-http.module';
export * from './http-tools.options';
