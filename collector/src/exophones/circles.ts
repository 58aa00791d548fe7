/**
 * Indian telecom circles by the code the ExoPhone list puts in `region` (exotel-api.md §4.2,
 * circle codes from the ExoPhone API console; CH appears in the Call Details docs).
 */
const CIRCLES: Readonly<Record<string, string>> = {
  AP: 'Andhra Pradesh',
  AS: 'Assam',
  BR: 'Bihar',
  CH: 'Chennai',
  DL: 'Delhi',
  GJ: 'Gujarat',
  HP: 'Himachal Pradesh',
  HR: 'Haryana',
  JK: 'Jammu and Kashmir',
  KA: 'Karnataka',
  KL: 'Kerala',
  KO: 'Kolkata',
  MH: 'Maharashtra',
  MP: 'Madhya Pradesh',
  MU: 'Mumbai',
  NE: 'North East',
  OR: 'Odisha',
  PB: 'Punjab',
  RJ: 'Rajasthan',
  TN: 'Tamil Nadu',
  UE: 'Uttar Pradesh (East)',
  UW: 'Uttar Pradesh (West)',
  WB: 'West Bengal',
};

/** `DL` → `{code: 'DL', name: 'Delhi'}`; unknown codes keep the code and get no name. */
export function circle(region: unknown): { code: string | null; name: string | null } {
  if (typeof region !== 'string' || region.trim() === '') return { code: null, name: null };
  const code = region.trim().toUpperCase();
  return { code, name: CIRCLES[code] ?? null };
}
