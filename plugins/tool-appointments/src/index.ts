export * from './appointments.module';
export * from './appointment-book';
export * from './appointment-tools';
