import { describe, expect, it } from "vitest";
import {
  GateNotInitializedError,
  InvalidArgumentError,
  PermissionDeniedError,
  TargetNotFoundError,
  TransportError,
} from "../../src/errors/actr-error.js";
import { ErrorCode } from "../../src/errors/error-code.js";
import { errorFromReply } from "../../src/errors/error-response.js";
import { signalingError } from "../../src/network/signaling-error.js";

describe("signalingError", () => {
  it.each([
    [400, InvalidArgumentError],
    [401, PermissionDeniedError],
    [403, PermissionDeniedError],
    [404, TargetNotFoundError],
    [429, TransportError],
    [500, TransportError],
    [ErrorCode.NotFound, TargetNotFoundError],
    [ErrorCode.ConnectionNotReady, GateNotInitializedError],
  ])("maps code %i to %o, and the error survives an RPC reply as the same class", (code, errorClass) => {
    const error = signalingError(code, "refused");
    expect(error).toBeInstanceOf(errorClass);
    expect(error.message).toBe("refused");
    expect(errorFromReply({ code: error.code, message: error.message })).toBeInstanceOf(errorClass);
  });
});
