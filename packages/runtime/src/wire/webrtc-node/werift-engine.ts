import { RTCPeerConnection, StunProtocol, type RTCDataChannel } from "werift";
import { DataChannelAdapter, engineIceServers, PeerConnectionAdapter } from "../webrtc/engine-adapter.js";
import type { RtcConfiguration, RtcDataChannel, RtcDataChannelInit, RtcEngine, RtcIceCandidateInit } from "../webrtc/rtc-api.js";
import type { RtcStatsReport } from "../webrtc/selected-pair.js";
import { weriftCodecs, WeriftMedia } from "./werift-media.js";

/** werift (pure TypeScript): installs everywhere, about 10 MB/s on one core. */
export const weriftEngine: RtcEngine = {
  name: "werift",
  // Every queued send starts another flush loop inside werift, so its queue stays short: the cost
  // is per message, and 16 KiB still lets a 64 KiB message through alone at full speed.
  sendWindowBytes: 16 * 1024,
  createPeerConnection: (configuration) => new WeriftPeerConnection(configuration),
};

/** How long a closing connection waits for its channels' stream resets to go out. */
const CLOSE_LINGER_MS = 500;

/**
 * The receive buffer of the UDP socket a connection settles on. At the system default (about
 * 200 KiB) a window of small messages arriving at once overflows it; every dropped packet costs an
 * SCTP retransmission after at least a second, and repeated ones back off until the association
 * gives up. The kernel caps the figure at net.core.rmem_max.
 */
const UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

class WeriftPeerConnection extends PeerConnectionAdapter<RTCPeerConnection> {
  readonly media: WeriftMedia;
  private readonly channels: RTCDataChannel[] = [];

  constructor(configuration: RtcConfiguration) {
    const host = configuration.hostAddress;
    super(
      new RTCPeerConnection({
        // werift's default is a public STUN server; an empty list keeps closed networks quiet.
        iceServers: engineIceServers(configuration),
        iceTransportPolicy: configuration.iceTransportPolicy,
        codecs: weriftCodecs(),
        // werift leaves loopback out of its host candidates unless it is named.
        ...(host === undefined ? {} : { iceAdditionalHostAddresses: [host], iceUseIpv6: host.includes(":") }),
      }),
    );
    this.pc.onicecandidate = ({ candidate }) => {
      this.onicecandidate?.(candidate === undefined ? null : candidate.toJSON());
    };
    this.pc.ondatachannel = ({ channel }) => {
      this.channels.push(channel);
      this.ondatachannel?.(new WeriftDataChannel(channel));
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === "connected") this.enlargeReceiveBuffers();
      this.onconnectionstatechange?.();
    };
    this.media = new WeriftMedia(this.pc);
  }

  /** werift has no option for the socket's buffer: it is set on the nominated pair's socket. */
  private enlargeReceiveBuffers(): void {
    for (const { connection } of this.pc.iceTransports) {
      const protocol = connection.nominated?.protocol;
      // A TURN relay's socket is not a STUN protocol's; it keeps the default.
      if (protocol instanceof StunProtocol) protocol.transport.socket.setRecvBufferSize(UDP_RECEIVE_BUFFER_BYTES);
    }
  }

  async addIceCandidate(candidate: RtcIceCandidateInit): Promise<void> {
    await this.pc.addIceCandidate({
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? undefined,
      sdpMLineIndex: candidate.sdpMLineIndex ?? undefined,
      usernameFragment: candidate.usernameFragment ?? undefined,
    });
  }

  getStats(): Promise<RtcStatsReport> {
    return this.pc.getStats();
  }

  createDataChannel(label: string, init: RtcDataChannelInit): RtcDataChannel {
    const channel = this.pc.createDataChannel(label, init);
    this.channels.push(channel);
    return new WeriftDataChannel(channel);
  }

  protected release(): void {
    // werift tears DTLS down before SCTP, so the peer would never hear of the close: reset every
    // channel's stream first (the peer's channels close at once), then close the connection.
    const open = this.channels.filter((channel) => channel.readyState === "open");
    for (const channel of open) channel.close();
    const closeConnection = (): void => void this.pc.close().catch(() => undefined);
    if (open.length === 0) {
      closeConnection();
      return;
    }
    const linger = setTimeout(closeConnection, CLOSE_LINGER_MS);
    let waiting = open.length;
    for (const channel of open) {
      channel.stateChanged.subscribe((state) => {
        if (state !== "closed" || --waiting > 0) return;
        clearTimeout(linger);
        closeConnection();
      });
    }
  }
}

class WeriftDataChannel extends DataChannelAdapter<RTCDataChannel> {
  constructor(channel: RTCDataChannel) {
    super(channel);
    channel.onmessage = ({ data }) => {
      if (typeof data !== "string") this.onmessage?.(data);
    };
    // werift has no onbufferedamountlow property, only the event.
    channel.bufferedAmountLow.subscribe(() => this.onbufferedamountlow?.());
  }

  send(data: Uint8Array): void {
    this.channel.send(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
}
