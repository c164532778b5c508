import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

export type ToolView = components['schemas']['ToolView'];
export type HttpTool = components['schemas']['HttpToolView'];
export type HttpToolInput = components['schemas']['CreateHttpToolDto'];
export type HttpToolUpdate = components['schemas']['UpdateHttpToolDto'];
export type HttpToolTest = components['schemas']['HttpToolTestView'];
export type DataTable = components['schemas']['DataTableView'];
export type Calendar = components['schemas']['CalendarView'];
export type CalendarInput = components['schemas']['CreateCalendarDto'];
export type CalendarPatch = components['schemas']['UpdateCalendarDto'];
export type Booking = components['schemas']['BookingView'];
export type Task = components['schemas']['TaskView'];

export function useToolCatalogue() {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['tools'], queryFn: () => unwrap(t('tools.catalogue.loading'), api.GET('/api/v1/tools')) });
}

export function useToolStats() {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['tools', 'stats'], queryFn: () => unwrap(t('tools.catalogue.loadingStats'), api.GET('/api/v1/tools/stats')) });
}

export function useHttpTools() {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['http-tools'], queryFn: () => unwrap(t('tools.http.loading'), api.GET('/api/v1/http-tools')) });
}

export function useHttpToolActions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: ['http-tools'] });
    void queryClient.invalidateQueries({ queryKey: ['tools'] });
  };
  return {
    create: useMutation({ mutationFn: (body: HttpToolInput) => unwrap(t('tools.http.createFailed'), api.POST('/api/v1/http-tools', { body })), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: HttpToolUpdate }) => unwrap(t('tools.http.saveFailed'), api.PUT('/api/v1/http-tools/{id}', { params: { path: { id } }, body })),
      onSuccess: done,
    }),
    remove: useMutation({ mutationFn: (id: string) => unwrap(t('tools.http.deleteFailed'), api.DELETE('/api/v1/http-tools/{id}', { params: { path: { id } } })), onSuccess: done }),
    test: useMutation({
      mutationFn: ({ id, args }: { id: string; args: Record<string, unknown> }) =>
        unwrap(t('tools.http.testFailed'), api.POST('/api/v1/http-tools/{id}/test', { params: { path: { id } }, body: { args } })),
    }),
  };
}

export function useDataTables() {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['data-tables'], queryFn: () => unwrap(t('tools.data.loading'), api.GET('/api/v1/data-tables')) });
}

export function useDataRows(name: string | null) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: ['data-tables', name, 'rows'],
    queryFn: () => unwrap(t('tools.data.loadingRows'), api.GET('/api/v1/data-tables/{name}/rows', { params: { path: { name: name! } } })) as Promise<Array<Record<string, unknown>>>,
    enabled: !!name,
  });
}

export function useDataTableActions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const done = () => void queryClient.invalidateQueries({ queryKey: ['data-tables'] });
  return {
    create: useMutation({ mutationFn: (body: components['schemas']['CreateDataTableDto']) => unwrap(t('tools.data.createFailed'), api.POST('/api/v1/data-tables', { body })), onSuccess: done }),
    load: useMutation({
      // The file goes as it is (CSV or JSON text): the server parses and checks it, so the rules live in one place.
      mutationFn: ({ name, text, csv, mode }: { name: string; text: string; csv: boolean; mode: 'replace' | 'upsert' }) =>
        unwrap(t('tools.data.loadFailed'), api.PUT('/api/v1/data-tables/{name}/rows', {
          params: { path: { name }, query: { mode } },
          body: text,
          bodySerializer: (b: string) => b,
          headers: { 'content-type': csv ? 'text/csv' : 'application/json' },
        })),
      onSuccess: done,
    }),
  };
}

export function useCalendars() {
  const { t } = useTranslation();
  return useQuery({ queryKey: ['calendars'], queryFn: () => unwrap(t('tools.calendars.loading'), api.GET('/api/v1/calendars')) });
}

export function useBookings(calendarId: string) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: ['calendars', calendarId, 'bookings'],
    queryFn: () => unwrap(t('tools.calendars.loadingBookings'), api.GET('/api/v1/calendars/{id}/bookings', { params: { path: { id: calendarId } } })),
  });
}

export function useCalendarActions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const done = () => void queryClient.invalidateQueries({ queryKey: ['calendars'] });
  return {
    create: useMutation({ mutationFn: (body: CalendarInput) => unwrap(t('tools.calendars.createFailed'), api.POST('/api/v1/calendars', { body })), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: CalendarPatch }) => unwrap(t('tools.calendars.saveFailed'), api.PATCH('/api/v1/calendars/{id}', { params: { path: { id } }, body })),
      onSuccess: done,
    }),
    rotate: useMutation({
      mutationFn: (id: string) => unwrap(t('tools.calendars.rotateFailed'), api.POST('/api/v1/calendars/{id}/rotate-feed-token', { params: { path: { id } } })),
      onSuccess: done,
    }),
    cancelBooking: useMutation({
      mutationFn: ({ id, bookingId }: { id: string; bookingId: string }) =>
        unwrap(t('tools.calendars.cancelFailed'), api.POST('/api/v1/calendars/{id}/bookings/{bookingId}/cancel', { params: { path: { id, bookingId } } })),
      onSuccess: done,
    }),
  };
}

export type TaskKind = NonNullable<NonNullable<operations['TasksController_list']['parameters']['query']>['kind']>;
export type TaskFilter = { status: 'open' | 'done' | 'cancelled'; kind: TaskKind | null };

export function useTasks(filter: TaskFilter) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: ['tasks', filter],
    queryFn: () => unwrap(t('tools.tasks.loading'), api.GET('/api/v1/tasks', { params: { query: { status: filter.status, ...(filter.kind ? { kind: filter.kind } : {}) } } })),
  });
}

export function useTaskActions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const done = () => void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  const path = (id: string) => ({ params: { path: { id } } });
  return {
    complete: useMutation({ mutationFn: (id: string) => unwrap(t('tools.tasks.completeFailed'), api.POST('/api/v1/tasks/{id}/complete', path(id))), onSuccess: done }),
    cancel: useMutation({ mutationFn: (id: string) => unwrap(t('tools.tasks.cancelFailed'), api.POST('/api/v1/tasks/{id}/cancel', path(id))), onSuccess: done }),
  };
}
