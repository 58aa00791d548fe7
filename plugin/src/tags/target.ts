/**
 * Tag targets as the collector stores them: a phone number in E.164 or `flow:<flow_id>`. This mirrors
 * the collector's rules for Indian numbers closely enough to check a tag before saving it; the collector
 * stays the judge when the change is saved.
 */
const FLOW = /^flow:([A-Za-z0-9_-]{1,64})$/;
const KEY = /^[a-z][a-z0-9_]{0,39}$/;

export function normaliseTarget(text: string): string | null {
  const trimmed = text.trim();
  const flow = FLOW.exec(trimmed);
  if (flow) {
    return `flow:${flow[1]}`;
  }
  if (!/^[+\d][\d\s\-().]*$/.test(trimmed)) {
    return null;
  }
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) {
    return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  }
  if (digits.length === 10 && !digits.startsWith('0')) {
    return `+91${digits}`;
  }
  if (digits.length === 11 && digits.startsWith('0')) {
    return `+91${digits.slice(1)}`;
  }
  if (digits.length === 12 && digits.startsWith('91')) {
    return `+${digits}`;
  }
  return null;
}

/** Why a tag key is not acceptable, or null when it is; `reserved` as the collector lists them. */
export function keyProblem(key: string, reserved: readonly string[]): string | null {
  if (!KEY.test(key)) {
    return `tag key "${key}" must be lower-case letters, digits and _ (start with a letter, at most 40)`;
  }
  return reserved.includes(key) ? `tag key "${key}" is reserved (built-in dimension)` : null;
}

export function isFlow(target: string): boolean {
  return target.startsWith('flow:');
}
