import { callApi } from './api-client.js';

/**
 * Seeds what a deploy needs on the local provider: an IPAM pool, a landing zone using it (with a
 * naming pattern) and an environment in that zone.
 */
export async function seedLocalEnvironment(
  baseUrl: string,
  options: { environment: string; pool: string; cidr: string; landingZone: string },
): Promise<void> {
  await callApi(baseUrl, 'createIpamPool', { name: options.pool, cidr: options.cidr });
  await callApi(baseUrl, 'createLandingZone', {
    name: options.landingZone,
    provider: 'local',
    resolverConfig: { ipam: { pool: options.pool }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
  });
  await callApi(baseUrl, 'createEnvironment', { name: options.environment, landingZone: options.landingZone });
}
