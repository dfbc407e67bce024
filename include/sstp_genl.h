/* Do not edit directly, generated from include/netlink/sstp.yaml by tools/nlspec-gen.py. */

#ifndef _UAPI_SSTP_GENL_H
#define _UAPI_SSTP_GENL_H

#define SSTP_FAMILY_NAME	"sstp"
#define SSTP_FAMILY_VERSION	1

/*
 * Capabilities of the kernel the module runs on that decide how sstpd may use
 * it.
 */
enum sstp_feature {
	/*
	 * The kernel's TLS offers read_sock (Linux 6.6+): decrypted records can be
	 * read without an extra copy.
	 */
	SSTP_FEATURE_TLS_READ_SOCK = 1,
};

/* What the socket handed to SESSION_NEW carries. */
enum sstp_transport {
	/*
	 * TCP with kernel TLS installed for both directions (TLS_TX and TLS_RX); the
	 * module reads and writes plaintext through it.
	 */
	SSTP_TRANSPORT_KTLS = 0,
	/*
	 * Plain TCP carrying the SSTP stream unencrypted, for set-ups where a TLS
	 * offloader in front of the server terminates TLS.
	 */
	SSTP_TRANSPORT_PLAIN = 1,
};

enum sstp_session_state {
	/*
	 * SSTP and PPP control packets flow; IP data is dropped both ways until the
	 * daemon has verified the crypto binding.
	 */
	SSTP_SESSION_STATE_NEGOTIATING = 0,
	/* Data flows. */
	SSTP_SESSION_STATE_CONNECTED = 1,
};

/* Why a session ended, in SESSION_DOWN notifications. */
enum sstp_down_reason {
	/* SESSION_DEL from the owner. */
	SSTP_DOWN_REASON_USERSPACE = 0,
	/* The netlink socket that created the session was closed. */
	SSTP_DOWN_REASON_OWNER_GONE = 1,
	/* The client closed its side of the TCP connection. */
	SSTP_DOWN_REASON_PEER_CLOSED = 2,
	/* The TCP connection failed (reset, timeout). */
	SSTP_DOWN_REASON_TRANSPORT_ERROR = 3,
	/* A TLS record could not be authenticated or parsed. */
	SSTP_DOWN_REASON_TLS_ERROR = 4,
	/* The client sent a TLS alert (such as close_notify). */
	SSTP_DOWN_REASON_TLS_ALERT = 5,
	/*
	 * The client sent a TLS 1.3 KeyUpdate, which this kernel cannot follow
	 * (Linux before 6.14).
	 */
	SSTP_DOWN_REASON_TLS_REKEY = 6,
	/* An SSTP header with a wrong version or a length below 4. */
	SSTP_DOWN_REASON_BAD_PACKET = 7,
	/* The module was unloaded. */
	SSTP_DOWN_REASON_UNLOAD = 8,
	/*
	 * The client sent SSTP control packets faster than the protocol ever needs
	 * (more than 32 in 10 seconds); each would have become a notification to the
	 * owner.
	 */
	SSTP_DOWN_REASON_CONTROL_FLOOD = 9,
};

enum {
	/* Release of the loaded module, e.g. "0.1.0". */
	SSTP_A_INFO_RELEASE = 1,
	/* Bit set of the feature flags above. */
	SSTP_A_INFO_FEATURES = 2,

	__SSTP_A_INFO_MAX,
	SSTP_A_INFO_MAX = (__SSTP_A_INFO_MAX - 1)
};

enum {
	/* The session's number, unique while the module is loaded. */
	SSTP_A_SESSION_ID = 1,
	/*
	 * SESSION_NEW: a connected TCP socket of the caller, taken over by the
	 * module (the caller may close its descriptor afterwards).
	 */
	SSTP_A_SESSION_FD = 2,
	/* What the socket carries; ktls when absent. */
	SSTP_A_SESSION_TRANSPORT = 3,
	/*
	 * The largest PPP information field accepted from the client (the MRU LCP
	 * negotiated); longer frames are dropped and counted. 1500 when absent. 4087
	 * is the most one SSTP packet can carry.
	 */
	SSTP_A_SESSION_MRU = 4,
	/*
	 * Plaintext that user space already read from the socket past the HTTP
	 * request (SSTP bytes OpenSSL decrypted before the hand-off); the module
	 * consumes it before reading the socket.
	 */
	SSTP_A_SESSION_INITIAL_DATA = 5,
	/* Index of the session's ppp channel, for PPPIOCATTCHAN. */
	SSTP_A_SESSION_CHANNEL = 6,
	/* Whether IP data may flow. */
	SSTP_A_SESSION_STATE = 7,
	SSTP_A_SESSION_DOWN_REASON = 8,
	/*
	 * One whole SSTP control packet, header included (CONTROL_SEND and control
	 * notifications).
	 */
	SSTP_A_SESSION_CONTROL = 9,
	/* Milliseconds since the last packet arrived from the client. */
	SSTP_A_SESSION_IDLE_MS = 10,
	SSTP_A_SESSION_PAD = 11,
	/*
	 * Packets received from the client and delivered: data packets to
	 * ppp_generic, control packets to the owner. Dropped and malformed packets
	 * are counted apart, not here.
	 */
	SSTP_A_SESSION_RX_PACKETS = 12,
	/* Bytes of the delivered packets, SSTP headers excluded. */
	SSTP_A_SESSION_RX_BYTES = 13,
	/* Packets sent to the client (PPP frames and control packets). */
	SSTP_A_SESSION_TX_PACKETS = 14,
	/* Bytes of the sent packets, SSTP headers excluded. */
	SSTP_A_SESSION_TX_BYTES = 15,
	/* Received packets that were malformed. */
	SSTP_A_SESSION_RX_ERRORS = 16,
	/*
	 * Received packets dropped: data before the session is connected, frames
	 * above the MRU, no memory.
	 */
	SSTP_A_SESSION_RX_DROPPED = 17,
	/*
	 * Frames that could not be framed (too long, no memory) and send errors of
	 * the socket.
	 */
	SSTP_A_SESSION_TX_ERRORS = 18,
	/*
	 * Packets to send dropped: data frames before the session is connected, and
	 * what the socket could not take at once when the session went down. A full
	 * send queue drops nothing: ppp_generic holds the frame and stops its queue
	 * until there is room.
	 */
	SSTP_A_SESSION_TX_DROPPED = 19,

	__SSTP_A_SESSION_MAX,
	SSTP_A_SESSION_MAX = (__SSTP_A_SESSION_MAX - 1)
};

enum {
	SSTP_A_SESSION = 1,

	__SSTP_A_MAX,
	SSTP_A_MAX = (__SSTP_A_MAX - 1)
};

enum {
	/*
	 * Report the module's release and the kernel features it can use. Open to
	 * any user: it reveals nothing about sessions.
	 */
	SSTP_CMD_VERSION_GET = 1,
	/*
	 * Take over a connected socket and make it an SSTP session with a ppp
	 * channel. The session belongs to the netlink socket that sent this request
	 * and ends when that socket closes.
	 */
	SSTP_CMD_SESSION_NEW = 2,
	/*
	 * End a session. Control packets queued before it (a Call Disconnect) are
	 * sent first, as far as the socket takes them without waiting, then a TLS
	 * close_notify, then the TCP connection is shut down.
	 */
	SSTP_CMD_SESSION_DEL = 3,
	/* State and counters of one session, or of all (dump). */
	SSTP_CMD_SESSION_GET = 4,
	/*
	 * Change a session: its state to connected, once the daemon has verified the
	 * crypto binding (the only change of state allowed), and its MRU, once LCP
	 * has negotiated it.
	 */
	SSTP_CMD_SESSION_SET = 5,
	/*
	 * Send one SSTP control packet to the client, in order with the data packets
	 * around it.
	 */
	SSTP_CMD_CONTROL_SEND = 6,
	/*
	 * An SSTP control packet from the client, sent to the session's owner only
	 * (unicast): id and control. At most 32 in 10 seconds per session; more ends
	 * the session (control-flood).
	 */
	SSTP_CMD_CONTROL_NTF = 7,
	/*
	 * A session ended: id, down-reason and the final counters, to the events
	 * group and to the owner.
	 */
	SSTP_CMD_SESSION_DOWN_NTF = 8,

	__SSTP_CMD_MAX,
	SSTP_CMD_MAX = (__SSTP_CMD_MAX - 1)
};

#define SSTP_MCGRP_EVENTS	"events"

#endif /* _UAPI_SSTP_GENL_H */
