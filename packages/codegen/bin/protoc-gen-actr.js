#!/usr/bin/env node
import { runNodeJs } from "@bufbuild/protoplugin";
import { protocGenActr } from "../dist/index.js";

runNodeJs(protocGenActr);
