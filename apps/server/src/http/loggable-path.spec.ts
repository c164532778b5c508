import { loggablePath } from './loggable-path';

describe('loggablePath', () => {
  it('hides the token of an iCalendar feed URL', () => {
    expect(loggablePath('/calendars/t-1/c-2/Zm9vYmFyYmF6.ics')).toBe('/calendars/t-1/c-2/[redacted].ics');
  });

  it('hides query values whose names carry a credential and keeps the others', () => {
    expect(loggablePath('/webhooks/whatsapp/x?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=1')).toBe(
      '/webhooks/whatsapp/x?hub.mode=subscribe&hub.verify_token=[redacted]&hub.challenge=1',
    );
    expect(loggablePath('/a?api_key=k&page=2')).toBe('/a?api_key=[redacted]&page=2');
  });

  it('leaves ordinary paths alone', () => {
    expect(loggablePath('/api/v1/conversations?tag=vip')).toBe('/api/v1/conversations?tag=vip');
    expect(loggablePath(undefined)).toBe('');
  });
});
