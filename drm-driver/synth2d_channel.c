// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMBus channel: opening and closing it, sending messages, the
 * receive callback that validates host messages, completes the waiting
 * request with its reply and hands FEATURE_CHANGE to the device's hook,
 * and request/reply matching with bounded waits. It calls nothing of the
 * protocol or of KMS.
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
#include "synth2d_msg.h"

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
 * @chan: the channel
 * @msg: pipe header, synthvid header and payload (see synth2d_msg_init())
 * @len: bytes at @msg
 *
 * Return: 0, -ENODEV once the device is unplugged, -ENOTCONN while the
 * channel is closed, or the error of vmbus_sendpacket().
 */
int synth2d_channel_send(struct synth2d_channel *chan, void *msg, size_t len)
{
	struct synth2d_device *sd = channel_to_synth2d(chan);
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
	read_lock_irqsave(&chan->send_lock, flags);
	if (chan->open)
		/* Flags 0 and an incrementing id, as Linux (docs/protocol.md §1.3). */
		ret = vmbus_sendpacket(chan->hdev->channel, msg, len,
				       atomic64_inc_return(&chan->seq),
				       VM_PKT_DATA_INBAND, 0);
	else
		ret = -ENOTCONN;
	read_unlock_irqrestore(&chan->send_lock, flags);
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
 * @chan: the channel
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
int synth2d_channel_request(struct synth2d_channel *chan, void *msg, size_t len,
			    u32 reply_type, u64 match,
			    struct synth2d_host_msg *reply)
{
	unsigned long flags;
	int ret;

	mutex_lock(&chan->request_lock);

	spin_lock_irqsave(&chan->lock, flags);
	chan->wait_type = reply_type;
	chan->wait_match = match;
	chan->replied = false;
	chan->reply_error = 0;
	reinit_completion(&chan->reply_done);
	spin_unlock_irqrestore(&chan->lock, flags);

	ret = synth2d_channel_send(chan, msg, len);
	if (!ret)
		wait_for_completion_timeout(&chan->reply_done,
					    SYNTH2D_REPLY_TIMEOUT);

	spin_lock_irqsave(&chan->lock, flags);
	if (!ret) {
		if (!chan->replied)
			ret = -ETIMEDOUT;
		if (ret == -ETIMEDOUT &&
		    reply_type == SYNTH2D_SYNTHVID_VERSION_RESPONSE)
			chan->stale_version = match;
		else if (chan->reply_error)
			ret = chan->reply_error;
		else
			*reply = chan->reply;
	}
	chan->wait_type = 0;
	chan->replied = false;
	chan->reply_error = 0;
	spin_unlock_irqrestore(&chan->lock, flags);

	mutex_unlock(&chan->request_lock);
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
static bool synth2d_channel_reply_matches(struct synth2d_channel *chan,
					  const struct synth2d_host_msg *msg)
{
	switch (msg->type) {
	case SYNTH2D_SYNTHVID_VERSION_RESPONSE:
		return msg->version.version == chan->wait_match ||
		       msg->version.version != chan->stale_version;
	case SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK:
		return msg->ack.user_ctx == chan->wait_match;
	default:
		return true;
	}
}

/* Hand a reply to the waiter it belongs to, if there is one. */
static void synth2d_channel_deliver(struct synth2d_channel *chan,
				    const struct synth2d_host_msg *msg)
{
	struct synth2d_device *sd = channel_to_synth2d(chan);
	unsigned long flags;
	bool taken = false;

	spin_lock_irqsave(&chan->lock, flags);
	if (chan->wait_type == msg->type && !chan->replied &&
	    synth2d_channel_reply_matches(chan, msg)) {
		chan->reply = *msg;
		chan->replied = true;
		complete(&chan->reply_done);
		taken = true;
	}
	spin_unlock_irqrestore(&chan->lock, flags);

	if (!taken) {
		atomic_inc(&chan->stray_replies);
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
static void synth2d_channel_fail_waiter(struct synth2d_channel *chan,
					u32 type, int error)
{
	unsigned long flags;

	spin_lock_irqsave(&chan->lock, flags);
	if (chan->wait_type == type && !chan->replied) {
		chan->replied = true;
		chan->reply_error = error;
		complete(&chan->reply_done);
	}
	spin_unlock_irqrestore(&chan->lock, flags);
}

static void synth2d_channel_handle(struct synth2d_channel *chan,
				   const void *data, u32 len)
{
	struct synth2d_device *sd = channel_to_synth2d(chan);
	struct synth2d_host_msg *msg = &chan->rx_msg;
	int ret;

	ret = synth2d_parse_host_msg(data, len, msg);
	if (ret) {
		atomic_inc(&chan->bad_msgs);
		drm_err_ratelimited(&sd->drm,
				    "dropped host message (type %u, %u bytes): %s (%d)\n",
				    msg->type, len, synth2d_parse_strerror(ret),
				    ret);
		if (msg->type)
			synth2d_channel_fail_waiter(chan, msg->type, ret);
		return;
	}
	synth2d_count_message(sd->counters.received, msg->type);

	switch (msg->type) {
	case SYNTH2D_SYNTHVID_VERSION_RESPONSE:
	case SYNTH2D_SYNTHVID_VRAM_LOCATION_ACK:
	case SYNTH2D_SYNTHVID_RESOLUTION_RESPONSE:
		synth2d_channel_deliver(chan, msg);
		break;
	case SYNTH2D_SYNTHVID_FEATURE_CHANGE:
		chan->feature_change(chan, &msg->features);
		break;
	default:
		/* SITUATION_UPDATE_ACK: not waited for, as in Linux (docs/protocol.md §2.5). */
		break;
	}
}

/* Channel callback: runs in the channel's (atomic) callback context. */
static void synth2d_channel_receive(void *context)
{
	struct synth2d_channel *chan = context;
	struct synth2d_device *sd = channel_to_synth2d(chan);
	struct vmpacket_descriptor *desc;

	foreach_vmbus_pkt(desc, chan->hdev->channel) {
		/* Hosts send in-band data only (docs/protocol.md §1.3). */
		if (desc->type != VM_PKT_DATA_INBAND ||
		    desc->offset8 > desc->len8) {
			atomic_inc(&chan->bad_msgs);
			drm_err_ratelimited(&sd->drm,
					    "dropped host packet of type %u\n",
					    desc->type);
			continue;
		}
		synth2d_channel_handle(chan, hv_pkt_data(desc),
				       hv_pkt_datalen(desc));
	}
}

/**
 * synth2d_channel_open() - open the channel; host messages flow from here on
 * @chan: the channel
 *
 * Return: 0 or the error of vmbus_open().
 */
int synth2d_channel_open(struct synth2d_channel *chan)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&chan->lock, flags);
	chan->stale_version = 0;
	chan->wait_type = 0;
	spin_unlock_irqrestore(&chan->lock, flags);

	chan->hdev->channel->max_pkt_size = SYNTH2D_MAX_HOST_PACKET;
	ret = vmbus_open(chan->hdev->channel, SYNTH2D_RING_SIZE,
			 SYNTH2D_RING_SIZE, NULL, 0, synth2d_channel_receive,
			 chan);
	if (ret)
		return ret;

	write_lock_irqsave(&chan->send_lock, flags);
	chan->open = true;
	write_unlock_irqrestore(&chan->send_lock, flags);
	return 0;
}

/**
 * synth2d_channel_is_open() - whether the channel is open
 * @chan: the channel
 *
 * Return: true between a successful synth2d_channel_open() and the next
 * synth2d_channel_close().
 */
bool synth2d_channel_is_open(struct synth2d_channel *chan)
{
	unsigned long flags;
	bool open;

	read_lock_irqsave(&chan->send_lock, flags);
	open = chan->open;
	read_unlock_irqrestore(&chan->send_lock, flags);
	return open;
}

/**
 * synth2d_channel_close() - close the channel
 * @chan: the channel
 *
 * Sends fail with -ENOTCONN from here on. Closing a closed channel does
 * nothing, so hibernation and remove may both close it.
 */
void synth2d_channel_close(struct synth2d_channel *chan)
{
	unsigned long flags;
	bool was_open;

	write_lock_irqsave(&chan->send_lock, flags);
	was_open = chan->open;
	chan->open = false;
	write_unlock_irqrestore(&chan->send_lock, flags);
	if (was_open)
		vmbus_close(chan->hdev->channel);
}

/**
 * synth2d_channel_init() - set up the transport state of a new device
 * @chan: the channel
 * @feature_change: where each valid FEATURE_CHANGE goes
 *
 * Return: 0 or a negative error code.
 */
int synth2d_channel_init(struct synth2d_channel *chan,
			 synth2d_feature_hook feature_change)
{
	struct synth2d_device *sd = channel_to_synth2d(chan);

	chan->hdev = sd->hdev;
	chan->feature_change = feature_change;
	atomic64_set(&chan->seq, 0);
	spin_lock_init(&chan->lock);
	rwlock_init(&chan->send_lock);
	chan->open = false;
	init_completion(&chan->reply_done);
	atomic_set(&chan->bad_msgs, 0);
	atomic_set(&chan->stray_replies, 0);
	return drmm_mutex_init(&sd->drm, &chan->request_lock);
}
