import { parseAllowedHosts } from '@confab/net';
import { createToolContext, describeToolContract } from '@confab/plugin-sdk/testing';
import { startFakeHoursService, type FakeHoursService } from '../test/fake-hours-service';
import { OpeningHoursTool, retryAfterSeconds } from './opening-hours.tool';
import { OpeningHoursSettings } from './opening-hours.settings';
import { OpeningHoursToolModule } from './opening-hours.module';
import { pluginSettingsOf, readPluginSettings } from '@confab/plugin-sdk';

// The fake listens on 127.0.0.1, an internal address: the tool reaches it only because the installation lists it.
const loopback = parseAllowedHosts('127.0.0.1');

// The kit's setup is async and runs in beforeAll, so the provider fake can listen on port 0.
describeToolContract('get_opening_hours', async () => {
  const service = await startFakeHoursService();
  return {
    plugin: new OpeningHoursTool({ allowedHosts: loopback }),
    config: { serviceUrl: service.url, storeId: 'berlin-mitte' },
    sampleArgs: { day: 'monday' },
    teardown: () => service.close(),
  };
});

describe('get_opening_hours against the hours service', () => {
  let service: FakeHoursService;
  beforeAll(async () => {
    service = await startFakeHoursService();
  });
  afterAll(() => service?.close());

  const run = (day: string, config: Record<string, unknown> = {}, allowedHosts = loopback) =>
    new OpeningHoursTool({ allowedHosts }).execute({ day: day as 'monday' }, createToolContext({ serviceUrl: service.url, storeId: 'berlin-mitte', ...config } as any));

  it('reads the hours of the day, and a closed day as closed', async () => {
    expect((await run('saturday')).content).toEqual({ day: 'saturday', closed: false, opens: '10:00', closes: '14:00' });
    expect((await run('sunday')).content).toEqual({ day: 'sunday', closed: true });
    expect(service.hits.at(-1)).toBe('GET /stores/berlin-mitte/hours?day=sunday');
  });

  it("passes the provider's Retry-After to the model on a 429, and tells it not to call again", async () => {
    service.failNext({ status: 429, retryAfter: '30' });
    const result = await run('monday');
    expect(result.isError).toBe(true);
    expect(result.content).toMatchObject({ error: 'rate_limited', retryAfterSeconds: 30 });
  });

  it('turns an unknown store and a failing service into errors the model reads', async () => {
    expect((await run('monday', { storeId: 'nowhere' })).content).toMatchObject({ error: 'unknown_store' });
    service.failNext({ status: 503 });
    expect((await run('monday')).content).toMatchObject({ error: 'unavailable', status: 503 });
  });

  it('refuses an internal address the installation does not list, without sending anything', async () => {
    const before = service.hits.length;
    const result = await run('monday', {}, []);
    expect(result).toMatchObject({ isError: true, content: { error: 'unavailable' } });
    expect(service.hits.length).toBe(before);
  });

  it("gives up on a slow service after the installation's OPENING_HOURS_FETCH_TIMEOUT_MS", async () => {
    const { values, issues } = readPluginSettings(OpeningHoursSettings, { OPENING_HOURS_FETCH_TIMEOUT_MS: '300' });
    expect(issues).toEqual([]);
    service.delayNext(3_000);
    const tool = new OpeningHoursTool({ allowedHosts: loopback }, values as typeof OpeningHoursSettings.values);
    const result = await tool.execute({ day: 'monday' }, createToolContext({ serviceUrl: service.url, storeId: 'berlin-mitte' }));
    expect(result).toMatchObject({ isError: true, content: { error: 'unavailable' } });
    expect(readPluginSettings(OpeningHoursSettings, { OPENING_HOURS_FETCH_TIMEOUT_MS: '9000' }).issues.map((i) => i.line)).toEqual([
      '  OPENING_HOURS_FETCH_TIMEOUT_MS="9000": must not be greater than 4500',
    ]);
    expect(pluginSettingsOf(OpeningHoursToolModule)).toBe(OpeningHoursSettings);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(new Date(Date.UTC(2026, 0, 1, 0, 1)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(60);
    expect(retryAfterSeconds(undefined)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});
