// The gen bench on the whole googleapis tree of google-proto-files (what npm run test:corpus
// generates), one run each: a run takes minutes.
import { WHOLE_TREE } from "../lib/googleapis-corpus.js";
import { benchGen } from "./gen.js";

export default function bench(): Promise<void> {
  return benchGen(WHOLE_TREE, 1);
}
