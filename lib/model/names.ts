import { isIP } from 'net';

/**
 * Kubernetes name and label rules (apimachinery `validation.IsDNS1123Label`, `IsDNS1123Subdomain`,
 * `IsQualifiedName`, `IsValidLabelValue`), returning a message or undefined.
 */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function dns1123LabelError(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is longer than 63 characters`;
  if (!DNS1123_LABEL.test(value)) return `"${value}" is not a valid name: use lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label)`;
  return undefined;
}

export function dns1123SubdomainError(value: string): string | undefined {
  if (value.length > 253) return `"${value}" is longer than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) return `"${value}" is not a valid name: use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (DNS-1123 subdomain)`;
  return undefined;
}

export function labelKeyError(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || dns1123SubdomainError(prefix))) return `label key "${key}" has an invalid prefix (a DNS subdomain before "/")`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return `label key "${key}" is invalid: at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  return undefined;
}

export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return `label value "${value}" is longer than 63 characters`;
  if (value.length > 0 && !QUALIFIED_NAME.test(value)) return `label value "${value}" is invalid: letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  return undefined;
}

/** Problems of a label map, keyed by the label key. */
export function labelErrors(labels: Readonly<Record<string, string>>): { key: string; message: string }[] {
  const errors: { key: string; message: string }[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const message = labelKeyError(key) ?? labelValueError(value);
    if (message) errors.push({ key, message });
  }
  return errors;
}

/** A CIDR block's problem, with a hint for the common slip of a bare address. */
export function cidrError(cidr: string): string | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) {
    const family = isIP(cidr);
    if (family) return `"${cidr}" has no prefix length; did you mean "${cidr}/${family === 4 ? 32 : 128}"?`;
    return `"${cidr}" is not a CIDR block such as "10.0.0.0/8"`;
  }
  const address = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  if (!family || !/^\d+$/.test(bits) || Number(bits) > max) return `"${cidr}" is not a CIDR block such as "10.0.0.0/8"`;
  return undefined;
}
