// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/synth2d-unicode: the Unicode keystrokes of the synthetic keyboard
 * (IS_UNICODE, e.g. the console's "type clipboard text"), which an evdev
 * device cannot carry. read() returns UTF-8 text, whole characters only;
 * poll() says when there is some. Userspace (synth2d-typist) types the text
 * into whatever has the focus, so text must not wait for a reader that
 * comes later (docs/input.md):
 *
 * - a character is queued only while a reader has the device open; when
 *   the last reader closes, what it left unread goes too (no_reader);
 * - a character not read within SYNTH2D_UNICODE_MAX_AGE expires (expired);
 * - what does not fit the bounded queue is dropped (overflow), never
 *   blocking the channel.
 */
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kfifo.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "synth2d_input.h"

/* Characters queued; a long clipboard paste arrives far slower than read. */
#define SYNTH2D_UNICODE_QUEUE	4096
/* Bytes encoded per copy to userspace. */
#define SYNTH2D_UNICODE_CHUNK	256
/*
 * How long a character may wait for an open reader to read it. A working
 * reader (synth2d-typist polls the device) takes text within milliseconds
 * of its arrival; text that waits longer has no one consuming it (a
 * stopped or hung reader, a session being switched or locked) and, typed
 * later, would land wherever the focus has moved to. 2 s leaves a loaded
 * guest ample time to schedule the reader (docs/input.md).
 */
#define SYNTH2D_UNICODE_MAX_AGE	(2 * HZ)

struct synth2d_unicode_char {
	unsigned long arrived;	/* jiffies */
	u32 cp;
};

/* The queue and the reader count; the producer runs in atomic context. */
static DEFINE_SPINLOCK(synth2d_unicode_lock);
static DECLARE_KFIFO(synth2d_unicode_fifo, struct synth2d_unicode_char,
		     SYNTH2D_UNICODE_QUEUE);
static unsigned int synth2d_unicode_readers;	/* open files that can read */
static DECLARE_WAIT_QUEUE_HEAD(synth2d_unicode_wait);
static atomic_t synth2d_unicode_received = ATOMIC_INIT(0);
static atomic_t synth2d_unicode_no_reader = ATOMIC_INIT(0);
static atomic_t synth2d_unicode_expired = ATOMIC_INIT(0);
static atomic_t synth2d_unicode_overflow = ATOMIC_INIT(0);

/* Drop the characters older than SYNTH2D_UNICODE_MAX_AGE; lock held. */
static void synth2d_unicode_expire(void)
{
	struct synth2d_unicode_char c;

	/* Arrival order: the oldest is first. */
	while (kfifo_peek(&synth2d_unicode_fifo, &c) &&
	       time_after(jiffies, c.arrived + SYNTH2D_UNICODE_MAX_AGE)) {
		kfifo_skip(&synth2d_unicode_fifo);
		atomic_inc(&synth2d_unicode_expired);
	}
}

/**
 * synth2d_unicode_push() - queue code points for the readers
 * @codepoints: Unicode scalar values or U+FFFD
 * @count: how many
 *
 * Called in atomic context (the keyboard channel callback). With no reader
 * open the characters are dropped at once, so that nothing typed now can
 * reach a reader that opens later.
 */
void synth2d_unicode_push(const u32 *codepoints, unsigned int count)
{
	struct synth2d_unicode_char c = { .arrived = jiffies };
	unsigned long flags;
	bool queued = false;
	unsigned int i;

	atomic_add(count, &synth2d_unicode_received);
	spin_lock_irqsave(&synth2d_unicode_lock, flags);
	if (!synth2d_unicode_readers) {
		atomic_add(count, &synth2d_unicode_no_reader);
		goto out;
	}
	synth2d_unicode_expire();
	for (i = 0; i < count; i++) {
		c.cp = codepoints[i];
		if (kfifo_put(&synth2d_unicode_fifo, c))
			queued = true;
		else
			atomic_inc(&synth2d_unicode_overflow);
	}
out:
	spin_unlock_irqrestore(&synth2d_unicode_lock, flags);
	if (queued)
		wake_up_interruptible(&synth2d_unicode_wait);
}

/* UTF-8 of @cp into @out (4 bytes room); surrogates never get here. */
static unsigned int synth2d_utf8_encode(u32 cp, u8 *out)
{
	if (cp < 0x80) {
		out[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = 0xc0 | (cp >> 6);
		out[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = 0xe0 | (cp >> 12);
		out[1] = 0x80 | ((cp >> 6) & 0x3f);
		out[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	out[0] = 0xf0 | (cp >> 18);
	out[1] = 0x80 | ((cp >> 12) & 0x3f);
	out[2] = 0x80 | ((cp >> 6) & 0x3f);
	out[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/* Encode queued characters while they fit in @room bytes of @buf; lock held. */
static size_t synth2d_unicode_take(u8 *buf, size_t room)
{
	struct synth2d_unicode_char c;
	u8 one[4];
	size_t len = 0;
	unsigned int n;

	while (kfifo_peek(&synth2d_unicode_fifo, &c)) {
		n = synth2d_utf8_encode(c.cp, one);
		if (n > room - len)
			break;
		memcpy(buf + len, one, n);
		len += n;
		kfifo_skip(&synth2d_unicode_fifo);
	}
	return len;
}

/* Whether there is text a read would return; expired text is dropped. */
static bool synth2d_unicode_has_text(void)
{
	bool empty;

	spin_lock_irq(&synth2d_unicode_lock);
	synth2d_unicode_expire();
	empty = kfifo_is_empty(&synth2d_unicode_fifo);
	spin_unlock_irq(&synth2d_unicode_lock);
	return !empty;
}

static int synth2d_unicode_open(struct inode *inode, struct file *file)
{
	int ret = nonseekable_open(inode, file);

	if (ret || !(file->f_mode & FMODE_READ))
		return ret;
	spin_lock_irq(&synth2d_unicode_lock);
	synth2d_unicode_readers++;
	spin_unlock_irq(&synth2d_unicode_lock);
	return 0;
}

/*
 * The last reader going drops what it left unread: the next reader must
 * not type text that arrived before it opened the device.
 */
static int synth2d_unicode_release(struct inode *inode, struct file *file)
{
	unsigned int unread;

	if (!(file->f_mode & FMODE_READ))
		return 0;
	spin_lock_irq(&synth2d_unicode_lock);
	if (!--synth2d_unicode_readers) {
		synth2d_unicode_expire();
		unread = kfifo_len(&synth2d_unicode_fifo);
		kfifo_reset(&synth2d_unicode_fifo);
		atomic_add(unread, &synth2d_unicode_no_reader);
	}
	spin_unlock_irq(&synth2d_unicode_lock);
	return 0;
}

static ssize_t synth2d_unicode_read(struct file *file, char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	u8 buf[SYNTH2D_UNICODE_CHUNK];
	size_t len;
	int ret;

	if (count < 4)
		return -EINVAL;	/* room for one character at least */

	for (;;) {
		spin_lock_irq(&synth2d_unicode_lock);
		synth2d_unicode_expire();
		len = synth2d_unicode_take(buf, min(count, sizeof(buf)));
		spin_unlock_irq(&synth2d_unicode_lock);
		if (len)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(synth2d_unicode_wait,
					       synth2d_unicode_has_text());
		if (ret)
			return ret;
	}

	if (copy_to_user(ubuf, buf, len))
		return -EFAULT;
	return len;
}

static __poll_t synth2d_unicode_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &synth2d_unicode_wait, wait);
	return synth2d_unicode_has_text() ? EPOLLIN | EPOLLRDNORM : 0;
}

static ssize_t received_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&synth2d_unicode_received));
}
static DEVICE_ATTR_RO(received);

/* Every character not delivered, whatever the reason. */
static ssize_t dropped_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&synth2d_unicode_no_reader) +
			  atomic_read(&synth2d_unicode_expired) +
			  atomic_read(&synth2d_unicode_overflow));
}
static DEVICE_ATTR_RO(dropped);

static ssize_t no_reader_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&synth2d_unicode_no_reader));
}
static DEVICE_ATTR_RO(no_reader);

static ssize_t expired_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&synth2d_unicode_expired));
}
static DEVICE_ATTR_RO(expired);

static ssize_t overflow_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&synth2d_unicode_overflow));
}
static DEVICE_ATTR_RO(overflow);

static ssize_t queued_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	unsigned int queued;

	spin_lock_irq(&synth2d_unicode_lock);
	synth2d_unicode_expire();
	queued = kfifo_len(&synth2d_unicode_fifo);
	spin_unlock_irq(&synth2d_unicode_lock);
	return sysfs_emit(buf, "%u\n", queued);
}
static DEVICE_ATTR_RO(queued);

static struct attribute *synth2d_unicode_attrs[] = {
	&dev_attr_received.attr,
	&dev_attr_dropped.attr,
	&dev_attr_no_reader.attr,
	&dev_attr_expired.attr,
	&dev_attr_overflow.attr,
	&dev_attr_queued.attr,
	NULL
};
ATTRIBUTE_GROUPS(synth2d_unicode);

static const struct file_operations synth2d_unicode_fops = {
	.owner = THIS_MODULE,
	.open = synth2d_unicode_open,
	.release = synth2d_unicode_release,
	.read = synth2d_unicode_read,
	.poll = synth2d_unicode_poll,
};

static struct miscdevice synth2d_unicode_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "synth2d-unicode",
	.fops = &synth2d_unicode_fops,
	.groups = synth2d_unicode_groups,
	.mode = 0600,
};

int synth2d_unicode_init(void)
{
	INIT_KFIFO(synth2d_unicode_fifo);
	return misc_register(&synth2d_unicode_misc);
}

void synth2d_unicode_exit(void)
{
	misc_deregister(&synth2d_unicode_misc);
}
