/** Readers of a synthesized stack's cdk.tf.json. */

// Synthesized stack JSON is walked freely in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** `{ logicalId: body }` of one resource type. */
export function resources(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

/** The bodies of one resource type, in synth order. */
export function bodies(json: Json, type: string): Json[] {
  return Object.values(resources(json, type));
}

/** `{ logicalId: body }` of one data source type. */
export function dataSources(json: Json, type: string): Record<string, Json> {
  return json.data?.[type] ?? {};
}

/** The policy document data source a `${data.aws_iam_policy_document.X.json}` reference points at. */
export function policyDocument(json: Json, reference: string): Json {
  const m = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference);
  if (!m) throw new Error(`not a policy document reference: ${reference}`);
  return json.data.aws_iam_policy_document[m[1]];
}

/** Every IPv4/IPv6 "anywhere" source of an ingress rule or inline ingress block in a stack. */
export function openIngress(json: Json): string[] {
  const out: string[] = [];
  for (const [id, rule] of Object.entries(resources(json, "aws_vpc_security_group_ingress_rule")) as [string, Json][]) {
    if (rule.cidr_ipv4 === "0.0.0.0/0" || rule.cidr_ipv6 === "::/0") out.push(id);
  }
  for (const [id, sg] of Object.entries(resources(json, "aws_security_group")) as [string, Json][]) {
    for (const ing of sg.ingress ?? []) if ((ing.cidr_blocks ?? []).includes("0.0.0.0/0") || (ing.ipv6_cidr_blocks ?? []).includes("::/0")) out.push(id);
  }
  for (const [id, rule] of Object.entries(resources(json, "aws_security_group_rule")) as [string, Json][]) {
    if (rule.type === "ingress" && ((rule.cidr_blocks ?? []).includes("0.0.0.0/0") || (rule.ipv6_cidr_blocks ?? []).includes("::/0"))) out.push(id);
  }
  return out;
}
