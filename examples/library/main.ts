#!/usr/bin/env node
/** A CDKTF app that uses domino-eks-cdktf as a library: `cdktf synth` here writes cdktf.out/stacks/acme-*. */
import { App } from "cdktf";
import { defineDeployment } from "./deployment";

const app = new App();
defineDeployment(app);
app.synth();
