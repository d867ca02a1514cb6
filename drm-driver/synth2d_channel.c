// SPDX-License-Identifier: GPL-2.0-only
/*
 * The synthvid channel: opening and closing it, sending messages, the
 * receive callback that validates and dispatches host messages, and
 * request/reply matching with bounded waits.
 *
 * Wire facts: docs/protocol.md §1 (framing), §2.14 (receive-side validation).
 */
#include <linux/hyperv.h>
#include <linux/jiffies.h>
#include <linux/sizes.h>

#include <drm/drm_drv.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "synth2d_drv.h"
#include "synth2d_proto.h"

/* Ring sizes of Linux hyperv_drm (docs/protocol.md §1.2). */
#define SYNTH2D_RING_SIZE	(256 * 1024)
/*
 * Largest in-band packet taken from the host: 16 KiB of payload (hosts
 * never send more; OpenVMM treats more as fatal, docs/protocol.md §6.3) plus the
 * packet descriptor. The default of 4 KiB would leave bigger packets to
 * the VMBus core; with this, every one reaches the validation.
 */
#define SYNTH2D_MAX_HOST_PACKET	(SZ_16K + sizeof(struct vmpacket_descriptor))
/* Linux waits 10 s per synthvid request (docs/protocol.md §0). */
#define SYNTH2D_REPLY_TIMEOUT	(10 * HZ)

/**
 * synth2d_channel_send() - send one complete synthvid message
 * @proto: the channel
 * @msg: pipe header, synthvid header and payload (see synth2d_msg_init())
 * @len: bytes at @msg
 *
 * Return: 0, -ENODEV once the device is unplugged, -ENOTCONN while the
 * channel is closed, or the error of vmbus_sendpacket().
 */
int synth2d_channel_send(struct synth2d_proto *proto, void *msg, size_t len)
{
	struct synth2d_device *sd = proto_to_synth2d(proto);
	struct synth2d_msg_headers *hdr = msg;
	unsigned long flags;
	int idx, ret;

	/* No message once the device is gone (unplug, remove). */
	if (!drm_dev_enter(&sd->drm, &idx))
		return -ENODEV;
	/*
	 * Nor while the channel is closed (hibernation, a failed resume):
	 * its rings are gone. The lock only excludes a concurrent close.
	 */
	read_lock_irqsave(&proto->send_lock, flags);
	if (proto->open)
		/* Flags 0 and an incrementing id, as Linux (docs/protocol.md §1.3). */
		ret = vmbus_sendpacket(proto->hdev->channel, msg, len,
				       atomic64_inc_return(&proto->seq),
				       VM_PKT_DATA_INBAND, 0);
	else
		ret = -ENOTCONN;
	read_unlock_irqrestore(&proto->send_lock, flags);
	drm_dev_exit(idx);
	if (ret == -ENOTCONN)
		drm_dbg_driver(&sd->drm, "synthvid message %u not sent: channel closed\n",
			       le32_to_cpu(hdr->vid.type));
	else if (ret)
		drm_err_ratelimited(&sd->drm,
				    "sending synthvid message %u failed: %d\n",
				    le32_to_cpu(hdr->vid.type), ret);
	else
		synth2d_count_message(sd->counters.sent,
				      le32_to_cpu(hdr->vid.type));
	return ret;
}

/**
 * synth2d_channel_request() - send a request and wait for its reply
 * @proto: the channel
 * @msg: the request (see synth2d_channel_send())
 * @len: bytes at @msg
 * @reply_type: type of the reply
 * @match: requested version or user context the reply must carry
 * @reply: the validated reply, on success
 *
 * A reply that arrives after the timeout finds nobody waiting and is
 * dropped by the receive path.
 *
 * Return: 0, -ETIMEDOUT, the validation error of a malformed reply, or a
 * sending error.
 */
int synth2d_channel_request(struct synth2d_proto *proto, void *msg, size_t len,
			    u32 reply_type, u64 match,
			    struct synth2d_host_msg *reply)
{
	unsigned long flags;
	int ret;

	mutex_lock(&proto->request_lock);

	spin_lock_irqsave(&proto->lock, flags);
	proto->wait_type = reply_type;
	proto->wait_match = match;
	proto->replied = false;
	proto->reply_error = 0;
	reinit_completion(&proto->reply_done);
	spin_unlock_irqrestore(&proto->lock, flags);

	ret = synth2d_channel_send(proto, msg, len);
	if (!ret)
		wait_for_completion_timeout(&proto->reply_done,
					    SYNTH2D_REPLY_TIMEOUT);

	spin_lock_irqsave(&proto->lock, flags);
	if (!ret) {
		if (!proto->replied)
			ret = -ETIMEDOUT;
		else if (proto->reply_error)
			ret = proto->reply_error;
		else
			*reply = proto->reply;
	}
	proto->wait_type = 0;
	proto->replied = false;
	proto->reply_error = 0;
	spin_unlock_irqrestore(&proto->lock, flags);

	mutex_unlock(&proto->request_lock);
	return ret;
}

/*
 * Whether @msg answers the request being waited for (caller holds the
 * lock and checked the type). The VRAM ack must echo the user context.
 * Hosts echo the requested version in VERSION_RESPONSE (OpenVMM; Linux
 * does not check it), so a response carrying another version is taken
 * too -- unless it is the version of a request that already timed out,
 * whose late response must not answer the retry.
 */
static bool synth2d_channel_reply_matches(struct synth2d_proto *proto,
					  const struct synth2d_host_msg *msg)
{
	switch (msg->type) {
	case SYNTH2D_SYNTHVID_VERSION_RESPONSE:
		return msg->version.version == proto->wait_match ||
		       msg->version.version != proto->stale_version;
	case SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK:
		return msg->ack.user_ctx == proto->wait_match;
	default:
		return true;
	}
}

/* Hand a reply to the waiter it belongs to, if there is one. */
static void synth2d_channel_deliver(struct synth2d_proto *proto,
				    const struct synth2d_host_msg *msg)
{
	struct synth2d_device *sd = proto_to_synth2d(proto);
	unsigned long flags;
	bool taken = false;

	spin_lock_irqsave(&proto->lock, flags);
	if (proto->wait_type == msg->type && !proto->replied &&
	    synth2d_channel_reply_matches(proto, msg)) {
		proto->reply = *msg;
		proto->replied = true;
		complete(&proto->reply_done);
		taken = true;
	}
	spin_unlock_irqrestore(&proto->lock, flags);

	if (!taken) {
		atomic_inc(&proto->stray_replies);
		drm_err_ratelimited(&sd->drm,
				    "dropped synthvid reply %u nobody waits for\n",
				    msg->type);
	}
}

/*
 * A reply of the awaited type that failed validation answers the request
 * with @error at once, rather than letting it wait for its timeout (one
 * request is outstanding at a time).
 */
static void synth2d_channel_fail_waiter(struct synth2d_proto *proto,
					u32 type, int error)
{
	unsigned long flags;

	spin_lock_irqsave(&proto->lock, flags);
	if (proto->wait_type == type && !proto->replied) {
		proto->replied = true;
		proto->reply_error = error;
		complete(&proto->reply_done);
	}
	spin_unlock_irqrestore(&proto->lock, flags);
}

static void synth2d_channel_handle(struct synth2d_proto *proto,
				   const void *data, u32 len)
{
	struct synth2d_device *sd = proto_to_synth2d(proto);
	struct synth2d_host_msg *msg = &proto->rx_msg;
	int ret;

	ret = synth2d_parse_host_msg(data, len, msg);
	if (ret) {
		atomic_inc(&proto->bad_msgs);
		drm_err_ratelimited(&sd->drm,
				    "dropped host message (type %u, %u bytes): %s (%d)\n",
				    msg->type, len, synth2d_parse_strerror(ret),
				    ret);
		if (msg->type)
			synth2d_channel_fail_waiter(proto, msg->type, ret);
		return;
	}
	synth2d_count_message(sd->counters.received, msg->type);

	switch (msg->type) {
	case SYNTH2D_SYNTHVID_VERSION_RESPONSE:
	case SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK:
	case SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE:
		synth2d_channel_deliver(proto, msg);
		break;
	case SYNTH2D_SYNTHVID_FEATURE_CHANGE:
		synth2d_proto_feature_change(proto, &msg->features);
		break;
	default:
		/* SITUATION_UPDATE_ACK: not waited for, as in Linux (docs/protocol.md §2.5). */
		break;
	}
}

/* Channel callback: runs in the channel's (atomic) callback context. */
static void synth2d_channel_receive(void *context)
{
	struct synth2d_proto *proto = context;
	struct synth2d_device *sd = proto_to_synth2d(proto);
	struct vmpacket_descriptor *desc;

	foreach_vmbus_pkt(desc, proto->hdev->channel) {
		/* Hosts send in-band data only (docs/protocol.md §1.3). */
		if (desc->type != VM_PKT_DATA_INBAND ||
		    desc->offset8 > desc->len8) {
			atomic_inc(&proto->bad_msgs);
			drm_err_ratelimited(&sd->drm,
					    "dropped host packet of type %u\n",
					    desc->type);
			continue;
		}
		synth2d_channel_handle(proto, hv_pkt_data(desc),
				       hv_pkt_datalen(desc));
	}
}

/**
 * synth2d_channel_open() - open the channel; host messages flow from here on
 * @sd: the device
 *
 * Return: 0 or the error of vmbus_open().
 */
int synth2d_channel_open(struct synth2d_device *sd)
{
	struct synth2d_proto *proto = &sd->proto;
	unsigned long flags;

	int ret;

	/* A fresh channel: the host starts its state machine over (docs/protocol.md §6.9). */
	spin_lock_irqsave(&proto->lock, flags);
	proto->closing = false;
	proto->stale_version = 0;
	proto->wait_type = 0;
	memset(&proto->features, 0, sizeof(proto->features));
	memset(&proto->rises, 0, sizeof(proto->rises));
	proto->reconnect_pending = false;
	spin_unlock_irqrestore(&proto->lock, flags);

	proto->hdev->channel->max_pkt_size = SYNTH2D_MAX_HOST_PACKET;
	ret = vmbus_open(proto->hdev->channel, SYNTH2D_RING_SIZE,
			 SYNTH2D_RING_SIZE, NULL, 0, synth2d_channel_receive,
			 proto);
	if (ret)
		return ret;

	write_lock_irqsave(&proto->send_lock, flags);
	proto->open = true;
	write_unlock_irqrestore(&proto->send_lock, flags);
	return 0;
}

/**
 * synth2d_channel_is_open() - whether the channel is open
 * @sd: the device
 *
 * Return: true between a successful synth2d_channel_open() and the next
 * synth2d_channel_close().
 */
bool synth2d_channel_is_open(struct synth2d_device *sd)
{
	unsigned long flags;
	bool open;

	read_lock_irqsave(&sd->proto.send_lock, flags);
	open = sd->proto.open;
	read_unlock_irqrestore(&sd->proto.send_lock, flags);
	return open;
}

/**
 * synth2d_channel_close() - stop reacting to the host and close the channel
 * @sd: the device
 *
 * Sends fail with -ENOTCONN from here on. Closing a closed channel does
 * nothing, so hibernation and remove may both close it.
 */
void synth2d_channel_close(struct synth2d_device *sd)
{
	struct synth2d_proto *proto = &sd->proto;
	unsigned long flags;
	bool was_open;

	spin_lock_irqsave(&proto->lock, flags);
	proto->closing = true;
	spin_unlock_irqrestore(&proto->lock, flags);
	cancel_work_sync(&proto->feature_work);

	write_lock_irqsave(&proto->send_lock, flags);
	was_open = proto->open;
	proto->open = false;
	write_unlock_irqrestore(&proto->send_lock, flags);
	if (was_open)
		vmbus_close(proto->hdev->channel);
}

/**
 * synth2d_channel_init() - set up the transport state of a new device
 * @sd: the device
 *
 * Return: 0 or a negative error code.
 */
int synth2d_channel_init(struct synth2d_device *sd)
{
	struct synth2d_proto *proto = &sd->proto;

	proto->hdev = sd->hdev;
	atomic64_set(&proto->seq, 0);
	spin_lock_init(&proto->lock);
	rwlock_init(&proto->send_lock);
	proto->open = false;
	init_completion(&proto->reply_done);
	atomic_set(&proto->bad_msgs, 0);
	atomic_set(&proto->stray_replies, 0);
	return drmm_mutex_init(&sd->drm, &proto->request_lock);
}
