/**
 * The reasons of one analysis, each made once: the same (layer, object, detail) is always the same object, so an
 * access's reasons are deduplicated by identity, and the layers can keep the reasons (and lists of them) they hand out.
 */
import { compareStrings } from './objects';
import type { AccessReason } from './types';

const LAYER_ORDER: Readonly<Record<AccessReason['layer'], number>> = { network: 0, mtls: 1, authorization: 2 };

export class Reasons {
  private readonly table = new Map<string, AccessReason>();
  private readonly singles = new Map<AccessReason, readonly AccessReason[]>();

  public of(layer: AccessReason['layer'], object: string, detail: string): AccessReason {
    const key = `${layer}\u0000${object}\u0000${detail}`;
    let reason = this.table.get(key);
    if (!reason) this.table.set(key, (reason = { layer, object, detail }));
    return reason;
  }

  /** `[reason]`, the same array each time (lists are shared, never changed). */
  public single(reason: AccessReason): readonly AccessReason[] {
    let list = this.singles.get(reason);
    if (!list) this.singles.set(reason, (list = [reason]));
    return list;
  }

  /** `[...a, ...b]`; either list itself when the other is empty (lists are shared, never changed). */
  public join(a: readonly AccessReason[], b: readonly AccessReason[]): readonly AccessReason[] {
    return b.length === 0 ? a : a.length === 0 ? b : [...a, ...b];
  }
}

/**
 * Reasons as an access lists them: each once, by layer (network → mTLS → authorization), then object, then detail.
 * Reasons are made once each (`Reasons.of`), so "once" is by identity; the lists are short, so no set and no sort call.
 */
export function orderReasons(lists: readonly (readonly AccessReason[])[]): AccessReason[] {
  const out: AccessReason[] = [];
  for (const list of lists) {
    for (const reason of list) {
      if (out.includes(reason)) continue;
      let i = out.length;
      out.push(reason);
      for (; i > 0 && compareReasons(out[i - 1], reason) > 0; i--) out[i] = out[i - 1];
      out[i] = reason;
    }
  }
  return out;
}

function compareReasons(a: AccessReason, b: AccessReason): number {
  return LAYER_ORDER[a.layer] - LAYER_ORDER[b.layer] || compareStrings(a.object, b.object) || compareStrings(a.detail, b.detail);
}
