import packageJson from '../../../package.json';

/** A descriptive User-Agent, as feed publishers ask: name, version and where to learn more. */
export const APP_VERSION: string = packageJson.version;
export const USER_AGENT = `TriggerHappy/${APP_VERSION} (+${packageJson.homepage})`;
