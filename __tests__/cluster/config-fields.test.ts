import { parseConfig } from "../../cli/config-file";
import { problemsOf } from "../helpers/config";

describe("cluster-stage config fields", () => {
  test("add-on versions may be pinned for the add-ons this project installs", () => {
    const yaml = ["addons:", "  versions:", ...["vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "aws-ebs-csi-driver", "aws-efs-csi-driver"].map((n) => `    ${n}: v1.0.0-eksbuild.1`)].join("\n");
    expect(problemsOf(yaml)).toEqual([]);
  });

  test("an unknown add-on name is reported with the known ones", () => {
    const problems = problemsOf("addons:\n  versions:\n    vpc-cin: v1.0.0-eksbuild.1\n    metrics-server: v0.7.0-eksbuild.1\n");
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("addons.versions.vpc-cin");
    expect(problems[0]).toContain("known add-ons: vpc-cni, kube-proxy, eks-pod-identity-agent, coredns, aws-ebs-csi-driver, aws-efs-csi-driver");
    expect(problems[1]).toContain("addons.versions.metrics-server");
  });

  test("an empty add-on version is refused", () => {
    expect(problemsOf("addons:\n  versions:\n    coredns: ''\n")).toHaveLength(1);
  });

  test("control-plane log retention: 365 days by default, only periods CloudWatch accepts", () => {
    expect(parseConfig("{}", "test.yaml")[0].controlPlaneLogRetentionDays).toBe(365);
    expect(problemsOf("controlPlaneLogRetentionDays: 731\n")).toEqual([]);
    const [problem] = problemsOf("controlPlaneLogRetentionDays: 100\n");
    expect(problem).toContain("controlPlaneLogRetentionDays");
    expect(problem).toContain("must be one of the retention periods CloudWatch Logs accepts");
  });
});
