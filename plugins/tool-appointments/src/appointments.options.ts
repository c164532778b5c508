export const APPOINTMENTS_OPTIONS = Symbol('APPOINTMENTS_OPTIONS');

export interface AppointmentsOptions {
  /** Absolute base URL, for the iCalendar feed links. */
  publicUrl: string;
}
