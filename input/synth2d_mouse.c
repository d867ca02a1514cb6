// SPDX-License-Identifier: GPL-2.0-only
/*
 * The synthetic mouse: a VMBus driver for the synthhid channel that
 * presents the host's device as a HID device on the virtual bus
 * ("Microsoft Vmbus HID-compliant Mouse", 045e:0621, the report
 * descriptor the host sends), as hid-hyperv does (docs/protocol.md §4.3).
 *
 * Connect: PROTOCOL_REQUEST 2.0 → PROTOCOL_RESPONSE → INITIAL_DEVICE_INFO →
 * ack; then every INPUT_REPORT goes to the HID core. The same handshake
 * runs on resume. Host messages that fail validation or arrive out of
 * order are dropped and counted (sysfs bad_messages).
 */
#include <linux/device.h>
#include <linux/hid.h>
#include <linux/hyperv.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <synth2d/guids.h>
#include <synth2d/pipe.h>
#include <synth2d/synthhid.h>

#include "synth2d_input.h"
#include "synth2d_input_parse.h"

#define SYNTH2D_MOUSE_NAME	"Microsoft Vmbus HID-compliant Mouse"
/* Linux waits 5 s for the response and 5 s for the device info (docs/protocol.md §4.3). */
#define SYNTH2D_MOUSE_TIMEOUT	(5 * HZ)

enum synth2d_mouse_state {
	SYNTH2D_MOUSE_CLOSED,
	SYNTH2D_MOUSE_WAIT_RESPONSE,
	SYNTH2D_MOUSE_WAIT_INFO,
	SYNTH2D_MOUSE_CONNECTED,	/* handshake done, reports not yet */
	SYNTH2D_MOUSE_ACTIVE,		/* reports go to the HID device */
};

struct synth2d_mouse {
	struct hv_device *hdev;
	struct hid_device *hid;

	spinlock_t lock;		/* state, approved, the descriptor */
	enum synth2d_mouse_state state;
	bool approved;
	struct completion response_done;
	struct completion info_done;

	u16 vendor, product, version;
	u8 *report_desc;		/* SYNTH2D_MOUSE_MAX_REPORT_DESC bytes */
	u32 report_desc_len;
	u8 *report_buf;			/* HID_MAX_BUFFER_SIZE: hid core may pad */

	atomic_t bad_messages;
	atomic_t reports;
};

struct synth2d_mouse_request_msg {
	struct synth2d_pipe_header pipe;
	struct synth2d_synthhid_header hdr;
	struct synth2d_synthhid_protocol_request req;
} __packed;

struct synth2d_mouse_ack_msg {
	struct synth2d_pipe_header pipe;
	struct synth2d_synthhid_header hdr;
	struct synth2d_synthhid_device_info_ack ack;
} __packed;

static int synth2d_mouse_send(struct synth2d_mouse *m, void *msg, u32 len)
{
	/* Linux sends mouse messages with COMPLETION_REQUESTED (docs/protocol.md §1.3). */
	return vmbus_sendpacket(m->hdev->channel, msg, len, (unsigned long)msg,
				VM_PKT_DATA_INBAND,
				VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
}

static void synth2d_mouse_bad(struct synth2d_mouse *m, const char *what,
			      u32 type, int err)
{
	atomic_inc(&m->bad_messages);
	dev_err_ratelimited(&m->hdev->device,
			    "dropped %s host message (type %u): %d\n",
			    what, type, err);
}

static void synth2d_mouse_got_info(struct synth2d_mouse *m,
				   const struct synth2d_mouse_msg *msg)
{
	memcpy(m->report_desc, msg->info.report_desc, msg->info.report_desc_len);
	m->report_desc_len = msg->info.report_desc_len;
	if (synth2d_mouse_desc_needs_fix(m->report_desc, m->report_desc_len))
		m->report_desc[14] = 0x29;
	m->vendor = msg->info.vendor;
	m->product = msg->info.product;
	m->version = msg->info.version;
}

static void synth2d_mouse_report(struct synth2d_mouse *m,
				 const struct synth2d_mouse_msg *msg)
{
	memcpy(m->report_buf, msg->report.data, msg->report.len);
	hid_input_report(m->hid, HID_INPUT_REPORT, m->report_buf,
			 msg->report.len, 1);
	atomic_inc(&m->reports);
	pm_wakeup_hard_event(&m->hdev->device);
}

static void synth2d_mouse_handle(struct synth2d_mouse *m, const void *data,
				 u32 len)
{
	struct synth2d_mouse_msg msg;
	bool stray = false;
	int ret;

	ret = synth2d_mouse_parse(data, len, &msg);
	if (ret) {
		synth2d_mouse_bad(m, "malformed", msg.type, ret);
		return;
	}

	spin_lock(&m->lock);
	switch (msg.type) {
	case SYNTH2D_SYNTHHID_PROTOCOL_RESPONSE:
		if (m->state != SYNTH2D_MOUSE_WAIT_RESPONSE) {
			stray = true;
			break;
		}
		m->approved = msg.response.approved;
		m->state = m->approved ? SYNTH2D_MOUSE_WAIT_INFO :
					 SYNTH2D_MOUSE_CLOSED;
		complete(&m->response_done);
		break;
	case SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO:
		if (m->state != SYNTH2D_MOUSE_WAIT_INFO) {
			stray = true;
			break;
		}
		synth2d_mouse_got_info(m, &msg);
		m->state = SYNTH2D_MOUSE_CONNECTED;
		complete(&m->info_done);
		break;
	case SYNTH2D_SYNTHHID_INPUT_REPORT:
		/* Reports before the device exists are dropped, as upstream. */
		if (m->state == SYNTH2D_MOUSE_ACTIVE)
			synth2d_mouse_report(m, &msg);
		break;
	}
	spin_unlock(&m->lock);

	if (stray)
		synth2d_mouse_bad(m, "out-of-order", msg.type, -EPROTO);
}

/* Channel callback (atomic context). */
static void synth2d_mouse_receive(void *context)
{
	struct synth2d_mouse *m = context;
	struct vmpacket_descriptor *desc;

	foreach_vmbus_pkt(desc, m->hdev->channel) {
		/* Completions of our requests carry nothing (docs/protocol.md §1.3). */
		if (desc->type == VM_PKT_COMP)
			continue;
		if (desc->type != VM_PKT_DATA_INBAND ||
		    desc->offset8 > desc->len8) {
			synth2d_mouse_bad(m, "non-data", desc->type, -EPROTO);
			continue;
		}
		synth2d_mouse_handle(m, hv_pkt_data(desc), hv_pkt_datalen(desc));
	}
}

static void synth2d_mouse_set_state(struct synth2d_mouse *m,
				    enum synth2d_mouse_state state)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	m->state = state;
	spin_unlock_irqrestore(&m->lock, flags);
}

/*
 * Open the channel and run the handshake up to the device-info ack.
 * On failure the channel is closed again.
 */
static int synth2d_mouse_connect(struct synth2d_mouse *m)
{
	struct synth2d_mouse_request_msg req = {
		.pipe.type = cpu_to_le32(SYNTH2D_PIPE_MSG_DATA),
		.pipe.size = cpu_to_le32(sizeof(req) - sizeof(req.pipe)),
		.hdr.type = cpu_to_le32(SYNTH2D_SYNTHHID_PROTOCOL_REQUEST),
		.hdr.size = cpu_to_le32(sizeof(req.req)),
		.req.version = cpu_to_le32(SYNTH2D_SYNTHHID_VERSION),
	};
	struct synth2d_mouse_ack_msg ack = {
		.pipe.type = cpu_to_le32(SYNTH2D_PIPE_MSG_DATA),
		.pipe.size = cpu_to_le32(sizeof(ack) - sizeof(ack.pipe)),
		.hdr.type = cpu_to_le32(SYNTH2D_SYNTHHID_INITIAL_DEVICE_INFO_ACK),
		.hdr.size = cpu_to_le32(sizeof(ack.ack)),
	};
	struct device *dev = &m->hdev->device;
	int ret;

	reinit_completion(&m->response_done);
	reinit_completion(&m->info_done);
	m->approved = false;
	synth2d_mouse_set_state(m, SYNTH2D_MOUSE_WAIT_RESPONSE);

	ret = vmbus_open(m->hdev->channel, SYNTH2D_INPUT_RING_SIZE,
			 SYNTH2D_INPUT_RING_SIZE, NULL, 0,
			 synth2d_mouse_receive, m);
	if (ret) {
		dev_err(dev, "cannot open the mouse channel: %d\n", ret);
		synth2d_mouse_set_state(m, SYNTH2D_MOUSE_CLOSED);
		return ret;
	}

	ret = synth2d_mouse_send(m, &req, sizeof(req));
	if (ret)
		goto err_close;
	if (!wait_for_completion_timeout(&m->response_done,
					 SYNTH2D_MOUSE_TIMEOUT)) {
		dev_err(dev, "no protocol response from the host\n");
		ret = -ETIMEDOUT;
		goto err_close;
	}
	if (!m->approved) {
		dev_err(dev, "host refused synthhid version 2.0\n");
		ret = -ENODEV;
		goto err_close;
	}
	if (!wait_for_completion_timeout(&m->info_done, SYNTH2D_MOUSE_TIMEOUT)) {
		dev_err(dev, "no device info from the host\n");
		ret = -ETIMEDOUT;
		goto err_close;
	}
	ret = synth2d_mouse_send(m, &ack, sizeof(ack));
	if (ret)
		goto err_close;
	return 0;

err_close:
	synth2d_mouse_set_state(m, SYNTH2D_MOUSE_CLOSED);
	vmbus_close(m->hdev->channel);
	return ret;
}

static void synth2d_mouse_disconnect(struct synth2d_mouse *m)
{
	synth2d_mouse_set_state(m, SYNTH2D_MOUSE_CLOSED);
	vmbus_close(m->hdev->channel);
}

/* HID transport: the device only produces input reports. */
static int synth2d_mouse_hid_parse(struct hid_device *hid)
{
	struct synth2d_mouse *m = hid->driver_data;

	return hid_parse_report(hid, m->report_desc, m->report_desc_len);
}

static int synth2d_mouse_hid_start(struct hid_device *hid)
{
	return 0;
}

static void synth2d_mouse_hid_stop(struct hid_device *hid)
{
}

static int synth2d_mouse_hid_open(struct hid_device *hid)
{
	return 0;
}

static void synth2d_mouse_hid_close(struct hid_device *hid)
{
}

/* The protocol has no feature or output reports (docs/protocol.md §4.1). */
static int synth2d_mouse_hid_raw_request(struct hid_device *hid,
					 unsigned char reportnum, u8 *buf,
					 size_t len, unsigned char rtype,
					 int reqtype)
{
	return -EIO;
}

static struct hid_ll_driver synth2d_mouse_ll_driver = {
	.parse = synth2d_mouse_hid_parse,
	.start = synth2d_mouse_hid_start,
	.stop = synth2d_mouse_hid_stop,
	.open = synth2d_mouse_hid_open,
	.close = synth2d_mouse_hid_close,
	.raw_request = synth2d_mouse_hid_raw_request,
};

static int synth2d_mouse_hid_probe(struct hid_device *hid,
				   const struct hid_device_id *id)
{
	int ret;

	ret = hid_parse(hid);
	if (ret)
		return ret;
	return hid_hw_start(hid, HID_CONNECT_HIDINPUT | HID_CONNECT_HIDDEV);
}

static const struct hid_device_id synth2d_mouse_hid_ids[] = {
	{ HID_DEVICE(BUS_VIRTUAL, HID_GROUP_ANY, SYNTH2D_MOUSE_VENDOR,
		     SYNTH2D_MOUSE_PRODUCT) },
	{ }
};

static struct hid_driver synth2d_mouse_hid_driver = {
	.name = "synth2d-mouse",
	.id_table = synth2d_mouse_hid_ids,
	.probe = synth2d_mouse_hid_probe,
};

int synth2d_mouse_hid_register(void)
{
	return hid_register_driver(&synth2d_mouse_hid_driver);
}

void synth2d_mouse_hid_unregister(void)
{
	hid_unregister_driver(&synth2d_mouse_hid_driver);
}

static int synth2d_mouse_add_hid(struct synth2d_mouse *m)
{
	struct hid_device *hid;
	int ret;

	hid = hid_allocate_device();
	if (IS_ERR(hid))
		return PTR_ERR(hid);
	hid->ll_driver = &synth2d_mouse_ll_driver;
	hid->dev.parent = &m->hdev->device;
	hid->bus = BUS_VIRTUAL;
	hid->vendor = m->vendor;
	hid->product = m->product;
	hid->version = m->version;
	hid->driver_data = m;
	strscpy(hid->name, SYNTH2D_MOUSE_NAME, sizeof(hid->name));
	strscpy(hid->phys, dev_name(&m->hdev->device), sizeof(hid->phys));

	ret = hid_add_device(hid);
	if (ret) {
		hid_destroy_device(hid);
		return ret;
	}
	m->hid = hid;
	return 0;
}

static ssize_t bad_messages_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct synth2d_mouse *m = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", atomic_read(&m->bad_messages));
}
static DEVICE_ATTR_RO(bad_messages);

static ssize_t reports_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct synth2d_mouse *m = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", atomic_read(&m->reports));
}
static DEVICE_ATTR_RO(reports);

static struct attribute *synth2d_mouse_attrs[] = {
	&dev_attr_bad_messages.attr,
	&dev_attr_reports.attr,
	NULL
};
ATTRIBUTE_GROUPS(synth2d_mouse);

static int synth2d_mouse_probe(struct hv_device *hdev,
			       const struct hv_vmbus_device_id *id)
{
	struct device *dev = &hdev->device;
	struct synth2d_mouse *m;
	int ret;

	m = devm_kzalloc(dev, sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->report_desc = devm_kzalloc(dev, SYNTH2D_MOUSE_MAX_REPORT_DESC,
				      GFP_KERNEL);
	m->report_buf = devm_kzalloc(dev, HID_MAX_BUFFER_SIZE, GFP_KERNEL);
	if (!m->report_desc || !m->report_buf)
		return -ENOMEM;
	m->hdev = hdev;
	spin_lock_init(&m->lock);
	init_completion(&m->response_done);
	init_completion(&m->info_done);
	hv_set_drvdata(hdev, m);

	ret = synth2d_mouse_connect(m);
	if (ret)
		return ret;
	ret = synth2d_mouse_add_hid(m);
	if (ret) {
		synth2d_mouse_disconnect(m);
		return ret;
	}
	device_init_wakeup(dev, true);
	synth2d_mouse_set_state(m, SYNTH2D_MOUSE_ACTIVE);
	return 0;
}

static SYNTH2D_HV_REMOVE_RET synth2d_mouse_remove(struct hv_device *hdev)
{
	struct synth2d_mouse *m = hv_get_drvdata(hdev);

	device_init_wakeup(&hdev->device, false);
	/* After the close no callback runs, so no report reaches the HID device. */
	synth2d_mouse_disconnect(m);
	hid_destroy_device(m->hid);
	return SYNTH2D_HV_REMOVE_RETURN;
}

static int synth2d_mouse_suspend(struct hv_device *hdev)
{
	synth2d_mouse_disconnect(hv_get_drvdata(hdev));
	return 0;
}

static int synth2d_mouse_resume(struct hv_device *hdev)
{
	struct synth2d_mouse *m = hv_get_drvdata(hdev);
	int ret;

	ret = synth2d_mouse_connect(m);
	if (!ret)
		synth2d_mouse_set_state(m, SYNTH2D_MOUSE_ACTIVE);
	return ret;
}

static const struct hv_vmbus_device_id synth2d_mouse_ids[] = {
	{ .guid = SYNTH2D_MOUSE_CLASS_GUID },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, synth2d_mouse_ids);

struct hv_driver synth2d_mouse_driver = {
	.name = "synth2d_mouse",
	.id_table = synth2d_mouse_ids,
	.probe = synth2d_mouse_probe,
	.remove = synth2d_mouse_remove,
	.suspend = synth2d_mouse_suspend,
	.resume = synth2d_mouse_resume,
	.driver = {
		.probe_type = PROBE_PREFER_ASYNCHRONOUS,
		.dev_groups = synth2d_mouse_groups,
	},
};
