/**
 * DWS cluster versions: 3 or 4 dot-separated decimal numbers (`8.1.1.202`, `8.1.3`),
 * compared numerically segment by segment, a missing segment counting as 0.
 */
export type Version = readonly number[];

const SEGMENTS = /^(0|[1-9][0-9]{0,8})(\.(0|[1-9][0-9]{0,8})){2,3}$/;

/** The parsed segments, or null when the text is not a 3–4 segment numeric version. */
export function parseVersion(text: string): Version | null {
  if (!SEGMENTS.test(text)) return null;
  return text.split('.').map(Number);
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: Version, b: Version): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The switchover exists from 8.1.1.202 on (original page, constraints). */
export const SWITCHOVER_MIN_VERSION: Version = [8, 1, 1, 202];

export const supportsSwitchover = (v: Version): boolean => compareVersions(v, SWITCHOVER_MIN_VERSION) >= 0;
