import { type DynamicModule, Module } from '@nestjs/common';
import { AppointmentBook } from './appointment-book';
import { BookAppointmentTool, CheckAvailabilityTool } from './appointment-tools';
import { CalendarsController } from './calendars.controller';
import { APPOINTMENTS_OPTIONS, type AppointmentsOptions } from './appointments.options';

@Module({})
export class AppointmentsToolModule {
  static forRoot(options: AppointmentsOptions): DynamicModule {
    return {
      module: AppointmentsToolModule,
      controllers: [CalendarsController],
      providers: [AppointmentBook, CheckAvailabilityTool, BookAppointmentTool, { provide: APPOINTMENTS_OPTIONS, useValue: options }],
    };
  }
}
