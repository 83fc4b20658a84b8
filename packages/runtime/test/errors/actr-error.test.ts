import { describe, expect, it } from "vitest";
import { ActrError, ErrorCode, InternalError, PermissionDeniedError, TimeoutError, isRetryable } from "@actr/runtime";
import { ERROR_CLASSES, errorFromReply, toErrorReply } from "@actr/runtime/internal";

describe("the error table", () => {
  it("has exactly one class per code, and each class carries its code", () => {
    const codes = Object.values(ErrorCode).sort();
    expect(ERROR_CLASSES.map((Class) => Class.code).sort()).toEqual(codes);
    for (const Class of ERROR_CLASSES) {
      const error = new Class("m");
      expect(error.code).toBe(Class.code);
      expect(errorFromReply({ code: Class.code, message: "m" })).toBeInstanceOf(Class);
    }
  });

  it("keeps an unknown code as a plain ActrError", () => {
    const error = errorFromReply({ code: 20001, message: "from a newer peer" });
    expect(error.constructor).toBe(ActrError);
    expect(error).toMatchObject({ code: 20001, message: "from a newer peer" });
  });

  it("marks unavailable, timed out and connection not ready as retryable", () => {
    expect(Object.values(ErrorCode).filter(isRetryable).sort()).toEqual([10001, 10002, 10011]);
  });
});

describe("ActrError.from", () => {
  it("keeps ActrErrors, rebuilds replies, maps aborts to TimeoutError and the rest to InternalError", () => {
    const denied = new PermissionDeniedError("no");
    expect(ActrError.from(denied)).toBe(denied);
    expect(ActrError.from({ code: 10004, message: "no" })).toBeInstanceOf(PermissionDeniedError);
    const abort = new DOMException("stopped", "AbortError");
    expect(ActrError.from(abort)).toBeInstanceOf(TimeoutError);
    const plain = ActrError.from(new Error("boom"));
    expect(plain).toBeInstanceOf(InternalError);
    expect(plain).toMatchObject({ code: 10010, message: "boom" });
    expect(ActrError.from("text")).toMatchObject({ code: 10010, message: "text" });
    expect(toErrorReply(new Error("boom"))).toEqual({ code: 10010, message: "boom" });
  });
});
