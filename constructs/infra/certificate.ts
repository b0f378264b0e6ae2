import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator, TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";

/**
 * How ACM learns that the deployment owns its FQDN. `route53`: the validation records are written into the hosted
 * zone and the stage waits until the certificate is issued. `pending`: the certificate is requested and the records are
 * a stack output for whoever runs the domain's DNS; nothing waits. `external`: those records exist now (created outside
 * this project), so the stage waits until the certificate is issued, as with route53.
 */
export type CertificateValidation = "route53" | "pending" | "external";

export interface CertificateProps {
  readonly fqdn: string;
  readonly validation: CertificateValidation;
  /** Route53 zone for the DNS validation records; required with `route53`. */
  readonly hostedZoneId?: string;
}

/**
 * The TLS certificate for Domino's FQDN, DNS-validated. It also covers `*.<fqdn>`, for the host names Domino serves
 * below its FQDN (apps, model APIs when configured with sub-domains); both names share one validation record.
 */
export class Certificate extends Construct {
  readonly certificate: AcmCertificate;
  /** The validated certificate's ARN when the records are created here; otherwise the (pending) certificate's. */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, "certificate", {
      domainName: props.fqdn,
      subjectAlternativeNames: [`*.${props.fqdn}`],
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      tags: { Name: props.fqdn },
      lifecycle: { createBeforeDestroy: true },
    });

    if (props.validation !== "route53") {
      const output = new TerraformOutput(this, "validation-records", {
        description: `Create these DNS records so that ACM can validate the certificate for ${props.fqdn}`,
        value: this.certificate.domainValidationOptions,
      });
      output.overrideLogicalId("certificate_validation_records");
    }
    if (props.validation === "pending") {
      this.certificateArn = this.certificate.arn;
      return;
    }
    if (props.validation === "external") {
      // The records were created elsewhere: wait until ACM has seen them and issued the certificate.
      const validation = new AcmCertificateValidation(this, "validation", { certificateArn: this.certificate.arn });
      this.certificateArn = validation.certificateArn;
      return;
    }
    if (!props.hostedZoneId) throw new Error("route53 certificate validation needs dns.hostedZoneId");

    const options = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, "domain_name");
    const records = new Route53Record(this, "validation-record", {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString("resource_record_name"),
      type: options.getString("resource_record_type"),
      records: [options.getString("resource_record_value")],
      ttl: 300,
      // The FQDN and its wildcard share one validation record.
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "validation", {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(options.pluckProperty("resource_record_name")),
      dependsOn: [records],
    });
    this.certificateArn = validation.certificateArn;
  }
}
