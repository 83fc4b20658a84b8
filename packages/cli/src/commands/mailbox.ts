import { fromBinary } from "@bufbuild/protobuf";
import { Command } from "commander";
import { ActrIdSchema, actrIdToString } from "@actr/protocol";
import { loadConfig, type DeadLetterRecord } from "@actr/runtime";
import { IN_MEMORY_MAILBOX, isPayloadType, payloadTypeName, withDeadLetters } from "@actr/runtime/internal";
import { CliError } from "../cli-error.js";

interface DeadLetterOptions {
  readonly config: string;
  readonly purge?: boolean;
}

/** Bytes of a dead letter's data shown in hex. */
const SHOWN_BYTES = 32;

/** `actr mailbox dead-letters`: list, or purge, what an actor's mailbox could not decode or handle. */
export function mailboxCommand(): Command {
  const mailbox = new Command("mailbox").description("inspect the durable mailbox of an actor");
  mailbox
    .command("dead-letters")
    .description("list the messages the actor could not decode or handle; works while it runs")
    .option("-c, --config <file>", "Actr.toml of the actor", "Actr.toml")
    .option("--purge", "delete every dead letter")
    .action(async (options: DeadLetterOptions) => {
      const { mailboxPath } = await loadConfig(options.config);
      if (mailboxPath === IN_MEMORY_MAILBOX) {
        throw new CliError(`${options.config}: [system.storage] mailbox_path is ${IN_MEMORY_MAILBOX}; nothing is kept on disk`);
      }
      if (options.purge === true) {
        const purged = withDeadLetters(mailboxPath, (table) => table.purge());
        console.log(`Purged ${purged} dead letter${purged === 1 ? "" : "s"} from ${mailboxPath}`);
        return;
      }
      const letters = withDeadLetters(mailboxPath, (table) => table.list());
      if (letters.length === 0) {
        console.log(`No dead letters in ${mailboxPath}`);
        return;
      }
      console.log(`${letters.length} dead letter${letters.length === 1 ? "" : "s"} in ${mailboxPath}, oldest first:`);
      for (const letter of letters) console.log(formatDeadLetter(letter));
    });
  return mailbox;
}

function formatDeadLetter(letter: DeadLetterRecord): string {
  const lane = letter.payloadType !== undefined && isPayloadType(letter.payloadType) ? payloadTypeName(letter.payloadType) : `payload type ${letter.payloadType ?? "?"}`;
  const about = [letter.routeKey && `route ${letter.routeKey}`, letter.requestId && `request ${letter.requestId}`].filter(Boolean).join(", ");
  const lines = [`#${letter.id} ${letter.failedAt.toISOString()} ${lane} from ${senderText(letter.sender)}${about === "" ? "" : `: ${about}`}`, `  reason: ${letter.reason}`];
  if (letter.dataLength !== undefined) {
    const shown = letter.dataPrefix === undefined ? "" : Buffer.from(letter.dataPrefix.subarray(0, SHOWN_BYTES)).toString("hex");
    const more = (letter.dataLength ?? 0) > SHOWN_BYTES ? "..." : "";
    lines.push(`  data: ${letter.dataLength} bytes, sha256 ${letter.dataSha256 ?? "?"}, starts ${shown}${more}`);
  }
  return lines.join("\n");
}

function senderText(sender: Uint8Array | undefined): string {
  if (sender === undefined) return "an unknown sender";
  try {
    return actrIdToString(fromBinary(ActrIdSchema, sender));
  } catch {
    return `an undecodable sender id (${Buffer.from(sender).toString("hex")})`;
  }
}
