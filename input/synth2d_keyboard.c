// SPDX-License-Identifier: GPL-2.0-only
/*
 * The synthetic keyboard: a VMBus driver for the keyboard channel that
 * turns the host's set-1 keystrokes (make code + E0/E1/break flags) into
 * an evdev keyboard with atkbd's key codes, sends the guest's lock LEDs to
 * the host as SET_LED_INDICATORS, and hands Unicode keystrokes to the
 * Unicode device (synth2d_unicode.c) instead of dropping them.
 *
 * Wire facts: docs/protocol.md §5 (raw packets, no pipe header).
 */
#include <linux/device.h>
#include <linux/hyperv.h>
#include <linux/input.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <synth2d/guids.h>
#include <synth2d/synthkbd.h>

#include "synth2d_input.h"
#include "synth2d_input_parse.h"
#include "synth2d_keymap.h"

#define SYNTH2D_KBD_NAME	"Microsoft Vmbus Synthetic Keyboard"
/* Linux waits 10 s for the protocol response (docs/protocol.md §5.2). */
#define SYNTH2D_KBD_TIMEOUT	(10 * HZ)
/*
 * What EVIOCGREP reports. The host repeats held keys itself at its own
 * typematic rate, which the protocol does not tell the guest; these are
 * Windows' defaults (keyboard delay 1, speed 31), what a host typically
 * uses.
 */
#define SYNTH2D_KBD_REP_DELAY	500
#define SYNTH2D_KBD_REP_PERIOD	33

enum synth2d_kbd_state {
	SYNTH2D_KBD_CLOSED,
	SYNTH2D_KBD_WAIT_RESPONSE,
	SYNTH2D_KBD_CONNECTED,	/* handshake done, keys not yet */
	SYNTH2D_KBD_ACTIVE,	/* keys go to the input device */
};

struct synth2d_kbd {
	struct hv_device *hdev;
	struct input_dev *input;

	spinlock_t lock;		/* state, accepted, decoder */
	enum synth2d_kbd_state state;
	bool accepted;
	struct completion response_done;
	struct synth2d_key_decoder decoder;

	struct mutex send_lock;		/* LED sends against channel close */
	struct work_struct led_work;

	u16 keycode[SYNTH2D_KEYMAP_SIZE];

	atomic_t bad_messages;
	atomic_t unicode_units;
	atomic_t led_messages;
};

static void synth2d_kbd_bad(struct synth2d_kbd *kbd, const char *what,
			    u32 type, int err)
{
	atomic_inc(&kbd->bad_messages);
	dev_err_ratelimited(&kbd->hdev->device,
			    "dropped %s host message (type %u): %d\n",
			    what, type, err);
}

/* Report one decoded keystroke; atkbd's event sequence (MSC_SCAN, key). */
static void synth2d_kbd_report(struct synth2d_kbd *kbd,
			       const struct synth2d_key_event *ev)
{
	struct input_dev *input = kbd->input;
	unsigned int keycode = kbd->keycode[ev->scancode];
	int value;

	if (keycode == KEY_RESERVED) {
		dev_dbg_ratelimited(&kbd->hdev->device,
				    "no key for scancode %#x\n", ev->scancode);
		return;
	}
	/* A make while the key is down is the host's typematic repeat. */
	value = ev->pressed ? (test_bit(keycode, input->key) ? 2 : 1) : 0;
	input_event(input, EV_MSC, MSC_SCAN, ev->scancode);
	input_event(input, EV_KEY, keycode, value);
	input_sync(input);
	if (ev->pressed)
		pm_wakeup_hard_event(&kbd->hdev->device);
}

static void synth2d_kbd_keystroke(struct synth2d_kbd *kbd,
				  const struct synth2d_kbd_msg *msg)
{
	struct synth2d_key_event ev;

	synth2d_key_decode(&kbd->decoder, msg->key.make_code, msg->key.info,
			   &ev);
	switch (ev.kind) {
	case SYNTH2D_KEY_SCANCODE:
		synth2d_kbd_report(kbd, &ev);
		break;
	case SYNTH2D_KEY_UNICODE:
		atomic_inc(&kbd->unicode_units);
		synth2d_unicode_push(ev.codepoints, ev.ncodepoints);
		break;
	case SYNTH2D_KEY_INVALID:
		synth2d_kbd_bad(kbd, "invalid make code in", msg->type, -EINVAL);
		break;
	case SYNTH2D_KEY_NONE:
		break;
	}
}

static void synth2d_kbd_handle(struct synth2d_kbd *kbd, const void *data,
			       u32 len)
{
	struct synth2d_kbd_msg msg;
	bool stray = false;
	int ret;

	ret = synth2d_kbd_parse(data, len, &msg);
	if (ret) {
		synth2d_kbd_bad(kbd, "malformed", msg.type, ret);
		return;
	}

	spin_lock(&kbd->lock);
	switch (msg.type) {
	case SYNTH2D_SYNTHKBD_PROTOCOL_RESPONSE:
		if (kbd->state != SYNTH2D_KBD_WAIT_RESPONSE) {
			stray = true;
			break;
		}
		kbd->accepted = msg.status & SYNTH2D_SYNTHKBD_PROTOCOL_ACCEPTED;
		kbd->state = kbd->accepted ? SYNTH2D_KBD_CONNECTED :
					     SYNTH2D_KBD_CLOSED;
		complete(&kbd->response_done);
		break;
	case SYNTH2D_SYNTHKBD_EVENT:
		/* Keystrokes before the device exists are dropped, as upstream. */
		if (kbd->state == SYNTH2D_KBD_ACTIVE)
			synth2d_kbd_keystroke(kbd, &msg);
		break;
	}
	spin_unlock(&kbd->lock);

	if (stray)
		synth2d_kbd_bad(kbd, "out-of-order", msg.type, -EPROTO);
}

/* Channel callback (atomic context). */
static void synth2d_kbd_receive(void *context)
{
	struct synth2d_kbd *kbd = context;
	struct vmpacket_descriptor *desc;

	foreach_vmbus_pkt(desc, kbd->hdev->channel) {
		if (desc->type == VM_PKT_COMP)
			continue;
		if (desc->type != VM_PKT_DATA_INBAND ||
		    desc->offset8 > desc->len8) {
			synth2d_kbd_bad(kbd, "non-data", desc->type, -EPROTO);
			continue;
		}
		synth2d_kbd_handle(kbd, hv_pkt_data(desc), hv_pkt_datalen(desc));
	}
}

static void synth2d_kbd_set_state(struct synth2d_kbd *kbd,
				  enum synth2d_kbd_state state)
{
	unsigned long flags;

	spin_lock_irqsave(&kbd->lock, flags);
	kbd->state = state;
	spin_unlock_irqrestore(&kbd->lock, flags);
}

static bool synth2d_kbd_is_active(struct synth2d_kbd *kbd)
{
	unsigned long flags;
	bool active;

	spin_lock_irqsave(&kbd->lock, flags);
	active = kbd->state == SYNTH2D_KBD_ACTIVE;
	spin_unlock_irqrestore(&kbd->lock, flags);
	return active;
}

/*
 * Send the input device's lock LEDs to the host. LED flags are the host's
 * KEYBOARD_*_LOCK_ON values (docs/protocol.md §5.1).
 */
static void synth2d_kbd_led_work(struct work_struct *work)
{
	struct synth2d_kbd *kbd = container_of(work, struct synth2d_kbd, led_work);
	struct synth2d_synthkbd_led_indicators msg = {
		.header.type = cpu_to_le32(SYNTH2D_SYNTHKBD_LED_INDICATORS),
	};
	u16 flags = 0;
	int ret;

	mutex_lock(&kbd->send_lock);
	/* Closed (remove, suspend): the input device may be going away. */
	if (!synth2d_kbd_is_active(kbd))
		goto out;
	if (test_bit(LED_SCROLLL, kbd->input->led))
		flags |= SYNTH2D_SYNTHKBD_LED_SCROLL;
	if (test_bit(LED_NUML, kbd->input->led))
		flags |= SYNTH2D_SYNTHKBD_LED_NUM;
	if (test_bit(LED_CAPSL, kbd->input->led))
		flags |= SYNTH2D_SYNTHKBD_LED_CAPS;
	msg.led_flags = cpu_to_le16(flags);

	ret = vmbus_sendpacket(kbd->hdev->channel, &msg, sizeof(msg),
			       (unsigned long)&msg, VM_PKT_DATA_INBAND, 0);
	if (ret)
		dev_err_ratelimited(&kbd->hdev->device,
				    "sending LED state failed: %d\n", ret);
	else
		atomic_inc(&kbd->led_messages);
out:
	mutex_unlock(&kbd->send_lock);
}

/*
 * input_dev.event: LED changes from the VT, X or any evdev writer. A new
 * repeat rate (EV_REP: kbdrate, EVIOCSREP) cannot be passed on: the host's
 * typematic rate is set on the host, the protocol has no message for it.
 */
static int synth2d_kbd_event(struct input_dev *input, unsigned int type,
			     unsigned int code, int value)
{
	struct synth2d_kbd *kbd = input_get_drvdata(input);

	if (type == EV_REP)
		return 0;
	if (type != EV_LED)
		return -EINVAL;
	schedule_work(&kbd->led_work);
	return 0;
}

static int synth2d_kbd_connect(struct synth2d_kbd *kbd)
{
	struct synth2d_synthkbd_protocol_request req = {
		.header.type = cpu_to_le32(SYNTH2D_SYNTHKBD_PROTOCOL_REQUEST),
		.version = cpu_to_le32(SYNTH2D_SYNTHKBD_VERSION),
	};
	struct device *dev = &kbd->hdev->device;
	int ret;

	reinit_completion(&kbd->response_done);
	kbd->accepted = false;
	memset(&kbd->decoder, 0, sizeof(kbd->decoder));
	synth2d_kbd_set_state(kbd, SYNTH2D_KBD_WAIT_RESPONSE);

	ret = vmbus_open(kbd->hdev->channel, SYNTH2D_INPUT_RING_SIZE,
			 SYNTH2D_INPUT_RING_SIZE, NULL, 0,
			 synth2d_kbd_receive, kbd);
	if (ret) {
		dev_err(dev, "cannot open the keyboard channel: %d\n", ret);
		synth2d_kbd_set_state(kbd, SYNTH2D_KBD_CLOSED);
		return ret;
	}
	/* Linux sends the request with COMPLETION_REQUESTED (docs/protocol.md §1.3). */
	ret = vmbus_sendpacket(kbd->hdev->channel, &req, sizeof(req),
			       (unsigned long)&req, VM_PKT_DATA_INBAND,
			       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	if (ret)
		goto err_close;
	if (!wait_for_completion_timeout(&kbd->response_done,
					 SYNTH2D_KBD_TIMEOUT)) {
		dev_err(dev, "no protocol response from the host\n");
		ret = -ETIMEDOUT;
		goto err_close;
	}
	if (!kbd->accepted) {
		dev_err(dev, "host refused keyboard protocol 1.0\n");
		ret = -ENODEV;
		goto err_close;
	}
	return 0;

err_close:
	synth2d_kbd_set_state(kbd, SYNTH2D_KBD_CLOSED);
	vmbus_close(kbd->hdev->channel);
	return ret;
}

static void synth2d_kbd_disconnect(struct synth2d_kbd *kbd)
{
	mutex_lock(&kbd->send_lock);
	synth2d_kbd_set_state(kbd, SYNTH2D_KBD_CLOSED);
	vmbus_close(kbd->hdev->channel);
	mutex_unlock(&kbd->send_lock);
}

/* Keys go to the input device from here on; the host learns our LEDs. */
static void synth2d_kbd_activate(struct synth2d_kbd *kbd)
{
	synth2d_kbd_set_state(kbd, SYNTH2D_KBD_ACTIVE);
	schedule_work(&kbd->led_work);
}

static int synth2d_kbd_add_input(struct synth2d_kbd *kbd)
{
	struct input_dev *input;
	unsigned int i;
	int ret;

	input = input_allocate_device();
	if (!input)
		return -ENOMEM;
	input->name = SYNTH2D_KBD_NAME;
	input->phys = "synth2d/keyboard/input0";
	input->dev.parent = &kbd->hdev->device;
	/* The protocol carries no device ids: Microsoft as vendor, product 0. */
	input->id.bustype = BUS_VIRTUAL;
	input->id.vendor = 0x045e;
	input->id.product = 0;
	input->id.version = 1;
	input->event = synth2d_kbd_event;
	input_set_drvdata(input, kbd);

	memcpy(kbd->keycode, synth2d_set1_keymap, sizeof(kbd->keycode));
	input->keycode = kbd->keycode;
	input->keycodesize = sizeof(kbd->keycode[0]);
	input->keycodemax = ARRAY_SIZE(kbd->keycode);

	__set_bit(EV_KEY, input->evbit);
	/*
	 * Repeat comes from the host (its repeated makes are reported as
	 * value 2, synth2d_kbd_report()). Presetting rep[] keeps the input
	 * core's soft autorepeat off: input_register_device() only enables
	 * it when both are 0, as atkbd relies on for hardware repeat.
	 * Without this, held keys would repeat at twice the rate.
	 */
	__set_bit(EV_REP, input->evbit);
	input->rep[REP_DELAY] = SYNTH2D_KBD_REP_DELAY;
	input->rep[REP_PERIOD] = SYNTH2D_KBD_REP_PERIOD;
	__set_bit(EV_MSC, input->evbit);
	__set_bit(EV_LED, input->evbit);
	__set_bit(MSC_SCAN, input->mscbit);
	__set_bit(LED_NUML, input->ledbit);
	__set_bit(LED_CAPSL, input->ledbit);
	__set_bit(LED_SCROLLL, input->ledbit);
	for (i = 0; i < ARRAY_SIZE(kbd->keycode); i++)
		if (kbd->keycode[i] != KEY_RESERVED)
			__set_bit(kbd->keycode[i], input->keybit);

	ret = input_register_device(input);
	if (ret) {
		input_free_device(input);
		return ret;
	}
	kbd->input = input;
	return 0;
}

static ssize_t bad_messages_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct synth2d_kbd *kbd = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", atomic_read(&kbd->bad_messages));
}
static DEVICE_ATTR_RO(bad_messages);

static ssize_t unicode_units_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	struct synth2d_kbd *kbd = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", atomic_read(&kbd->unicode_units));
}
static DEVICE_ATTR_RO(unicode_units);

static ssize_t led_messages_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct synth2d_kbd *kbd = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", atomic_read(&kbd->led_messages));
}
static DEVICE_ATTR_RO(led_messages);

static struct attribute *synth2d_kbd_attrs[] = {
	&dev_attr_bad_messages.attr,
	&dev_attr_unicode_units.attr,
	&dev_attr_led_messages.attr,
	NULL
};
ATTRIBUTE_GROUPS(synth2d_kbd);

static int synth2d_kbd_probe(struct hv_device *hdev,
			     const struct hv_vmbus_device_id *id)
{
	struct synth2d_kbd *kbd;
	int ret;

	kbd = devm_kzalloc(&hdev->device, sizeof(*kbd), GFP_KERNEL);
	if (!kbd)
		return -ENOMEM;
	kbd->hdev = hdev;
	spin_lock_init(&kbd->lock);
	mutex_init(&kbd->send_lock);
	init_completion(&kbd->response_done);
	INIT_WORK(&kbd->led_work, synth2d_kbd_led_work);
	hv_set_drvdata(hdev, kbd);

	ret = synth2d_kbd_connect(kbd);
	if (ret)
		return ret;
	ret = synth2d_kbd_add_input(kbd);
	if (ret) {
		synth2d_kbd_disconnect(kbd);
		return ret;
	}
	device_init_wakeup(&hdev->device, true);
	synth2d_kbd_activate(kbd);
	return 0;
}

static SYNTH2D_HV_REMOVE_RET synth2d_kbd_remove(struct hv_device *hdev)
{
	struct synth2d_kbd *kbd = hv_get_drvdata(hdev);

	device_init_wakeup(&hdev->device, false);
	synth2d_kbd_disconnect(kbd);
	input_unregister_device(kbd->input);
	cancel_work_sync(&kbd->led_work);
	mutex_destroy(&kbd->send_lock);
	return SYNTH2D_HV_REMOVE_RETURN;
}

static int synth2d_kbd_suspend(struct hv_device *hdev)
{
	struct synth2d_kbd *kbd = hv_get_drvdata(hdev);

	synth2d_kbd_disconnect(kbd);
	cancel_work_sync(&kbd->led_work);
	return 0;
}

static int synth2d_kbd_resume(struct hv_device *hdev)
{
	struct synth2d_kbd *kbd = hv_get_drvdata(hdev);
	int ret;

	ret = synth2d_kbd_connect(kbd);
	if (!ret)
		synth2d_kbd_activate(kbd);
	return ret;
}

static const struct hv_vmbus_device_id synth2d_kbd_ids[] = {
	{ .guid = SYNTH2D_KEYBOARD_CLASS_GUID },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, synth2d_kbd_ids);

struct hv_driver synth2d_keyboard_driver = {
	.name = "synth2d_keyboard",
	.id_table = synth2d_kbd_ids,
	.probe = synth2d_kbd_probe,
	.remove = synth2d_kbd_remove,
	.suspend = synth2d_kbd_suspend,
	.resume = synth2d_kbd_resume,
	.driver = {
		.probe_type = PROBE_PREFER_ASYNCHRONOUS,
		.dev_groups = synth2d_kbd_groups,
	},
};
