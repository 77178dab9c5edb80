/**
 * "Firefox on Android": what a person recognises of a User-Agent, for the account page's
 * list of signed-in devices. Only this summary is stored, never the header itself.
 */
export function describeDevice(userAgent: string | null | undefined): string {
  const ua = (userAgent ?? '').slice(0, 512);
  if (!ua.trim()) return 'Unknown device';
  const browser = browserOf(ua);
  const system = systemOf(ua);
  if (browser && system) return `${browser} on ${system}`;
  if (browser || system) return (browser ?? system)!;
  // A script or tool: its product name, plainly ("curl", "node").
  const product = /^([A-Za-z][\w.-]{0,30})/.exec(ua)?.[1];
  return product ? product.replace(/-/g, ' ') : 'Unknown device';
}

// Order matters: Edge and Opera say Chrome, Chrome says Safari, every iOS browser says Safari.
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\bVivaldi\//, 'Vivaldi'],
  [/\b(Chrome|Chromium|CriOS|HeadlessChrome)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const browserOf = (ua: string) => BROWSERS.find(([re]) => re.test(ua))?.[1];
const systemOf = (ua: string) => SYSTEMS.find(([re]) => re.test(ua))?.[1];
