import type { Dest } from "../common/dest.js";
import type { MethodDescriptor } from "../workload/method-descriptor.js";
import type { CallOptions, TellOptions } from "./call-options.js";

/**
 * What a generated client needs: both a handler's Context and the app's ActrRef are Callers.
 */
export interface Caller {
  invoke<Req, Res, ReqInit, ResInit>(
    dest: Dest,
    method: MethodDescriptor<Req, Res, ReqInit, ResInit>,
    request: Req | ReqInit,
    options?: CallOptions,
  ): Promise<Res>;
  notify<Req, Res, ReqInit, ResInit>(
    dest: Dest,
    method: MethodDescriptor<Req, Res, ReqInit, ResInit>,
    message: Req | ReqInit,
    options?: TellOptions,
  ): Promise<void>;
}
