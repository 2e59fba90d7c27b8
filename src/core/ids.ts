/** Identifier and timestamp formats shared by the emulated APIs. */
export const PROJECT_ID = /^[0-9a-f]{32}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const PROJECT_ID_PATTERN = PROJECT_ID.source;
export const UUID_PATTERN = UUID.source;

/** `2021-04-18T18:55:43.509Z` (milliseconds). */
export const isoMillis = (ms: number): string => new Date(ms).toISOString();
/** `2018-02-10T14:28:14Z` (whole seconds). */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
