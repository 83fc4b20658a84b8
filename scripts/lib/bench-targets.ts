// How `npm run bench` judges the targets benchmarks print. A bench states a target on the line of
// its figure, as in `ratio: 1.05x (target <= 1.30x)`, and the runner appends met or MISSED; or it
// judges the target itself and ends the line with `: met` or `: NOT met` / `: missed`.

export type Verdict = "met" | "missed" | "not judged";

export interface TargetLine {
  /** The line as the bench printed it. */
  readonly line: string;
  readonly verdict: Verdict;
}

const STATED = /\(target ([^)]*)\)/;
const JUDGED = /target\b.*:\s*(met|NOT met|missed)\s*$/i;
const RULE = /(<=|>=|<|>)\s*(-?[\d,]*\.?\d+)\s*([^\s)]*)/;
// The last figure before "(target": a number and an optional unit such as x, us, ms or calls/s.
const FIGURE = /(-?[\d,]*\.?\d+)\s*([A-Za-z/µ]*)[^\d(]*\(target/;

/** The verdict on one printed line, or undefined when the line states no target. */
export function judgeTarget(line: string): TargetLine | undefined {
  const judged = JUDGED.exec(line);
  if (judged !== null) return { line, verdict: judged[1]?.toLowerCase() === "met" ? "met" : "missed" };
  const stated = STATED.exec(line);
  if (stated === null) return undefined;
  const rule = RULE.exec(stated[1] ?? "");
  const figure = FIGURE.exec(line);
  if (rule === null || figure === null) return { line, verdict: "not judged" };
  const [, op, limitText = "", limitUnit = ""] = rule;
  const [, valueText = "", valueUnit = ""] = figure;
  // "(target >= 20,000)" takes the figure's unit; a stated unit must be the figure's.
  if (limitUnit !== "" && limitUnit !== valueUnit) return { line, verdict: "not judged" };
  const value = Number(valueText.replace(/,/g, ""));
  const limit = Number(limitText.replace(/,/g, ""));
  const met = op === "<=" ? value <= limit : op === ">=" ? value >= limit : op === "<" ? value < limit : value > limit;
  return { line, verdict: met ? "met" : "missed" };
}

/** The line with the runner's verdict appended, unless the bench judged it itself. */
export function markTarget(target: TargetLine): string {
  if (JUDGED.test(target.line)) return target.line;
  return `${target.line} -> ${target.verdict === "met" ? "met" : target.verdict === "missed" ? "MISSED" : "not judged (the figure on this line is not in the target's unit)"}`;
}
