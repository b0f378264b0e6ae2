import { Fn, Token } from "cdktf";

/**
 * Element `index` of a list from an upstream stage. The upstream outputs are plain arrays of tokens, but a list
 * token (one Terraform list) works too: it is indexed in Terraform with element().
 */
export function itemAt(list: readonly string[], index: number): string {
  if (Token.isUnresolved(list)) return Token.asString(Fn.element(list as string[], index));
  const item = list[index];
  if (item === undefined) throw new Error(`expected an element at index ${index} of a list of ${list.length}`);
  return item;
}
