import type { DirectoryCount } from "./selection-context";

const numbers = new Intl.NumberFormat("en-GB");

export function formatNumber(n: number): string {
  return numbers.format(n);
}

/** "1,234" when counted, "about 120,000" when estimated (2 significant digits: the estimate is no finer). */
export function formatCount({ count, exact }: DirectoryCount): string {
  return exact ? numbers.format(count) : `about ${numbers.format(Number(count.toPrecision(2)))}`;
}

export function formatUserCount(count: DirectoryCount): string {
  return `${formatCount(count)} ${count.exact && count.count === 1 ? "user" : "users"}`;
}
