/** `EchoService` -> `echo_service`, `HTTPServer` -> `http_server`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** An ES module import path from one generated file to another (both relative to the output root). */
export function relativeImport(fromFile: string, toPath: string): string {
  if (!toPath.startsWith("./")) return toPath;
  const from = fromFile.split("/").slice(0, -1);
  const to = toPath.slice(2).split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join("/");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}
