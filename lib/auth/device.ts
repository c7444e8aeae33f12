/**
 * "Firefox on Windows" from a user agent, for "Active sessions": a handful of patterns rather
 * than a parsing library, since the label only helps a person recognise their own devices.
 * Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", Android also says "Linux".
 */
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

export type Device = { browser: string | null; system: string | null; label: string; mobile: boolean };

export function describeDevice(userAgent: string | null | undefined): Device {
  const ua = userAgent ?? "";
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null;
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null;
  const label = browser && system ? `${browser} on ${system}` : (browser ?? system ?? "Unknown device");
  return { browser, system, label, mobile: /Mobi|iPhone|Android/.test(ua) };
}
