import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';

describe('configuration from the environment', () => {
  it('treats an empty variable as unset', () => {
    const config = readConfig({ REDIS_URL: '', PUBLIC_URL: ' ', PORT: '' });
    expect(config.redisUrl).toBeUndefined();
    expect(config.publicUrl).toBeUndefined();
    expect(config.port).toBe(3000);
  });

  it('still refuses a value that is set and wrong, by name', () => {
    expect(() => readConfig({ REDIS_URL: 'http://example' })).toThrow(/REDIS_URL/);
  });
});
