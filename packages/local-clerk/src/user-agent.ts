/** What the profile's active devices list shows of a browser, read from its User-Agent header. */
export interface DeviceDescription {
  browserName: string;
  browserVersion: string;
  deviceType: string;
  isMobile: boolean;
}

/** Most specific first: Edge and Opera also say Chrome; Chrome also says Safari. */
const BROWSERS: Array<[name: string, pattern: RegExp]> = [
  ['Edge', /Edg(?:e|A|iOS)?\/([\d.]+)/],
  ['Opera', /OPR\/([\d.]+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/([\d.]+)/],
  ['Chrome', /(?:HeadlessChrome|Chrome|CriOS)\/([\d.]+)/],
  ['Safari', /Version\/([\d.]+).*Safari\//],
];

const DEVICES: Array<[name: string, pattern: RegExp]> = [
  ['iPhone', /iPhone/],
  ['iPad', /iPad/],
  ['Android', /Android/],
  ['Macintosh', /Macintosh/],
  ['Windows', /Windows/],
  ['Linux', /Linux|X11/],
];

export function describeUserAgent(userAgent: string): DeviceDescription {
  const browser = BROWSERS.map(([name, pattern]) => [name, pattern.exec(userAgent)?.[1]] as const).find(([, version]) => version);
  return {
    browserName: browser?.[0] ?? '',
    browserVersion: browser?.[1] ?? '',
    deviceType: DEVICES.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? '',
    isMobile: /Mobi|iPhone|Android/.test(userAgent),
  };
}
