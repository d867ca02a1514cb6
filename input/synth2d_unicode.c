// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/synth2d-unicode: the Unicode keystrokes of the synthetic keyboard
 * (IS_UNICODE, e.g. the console's "type clipboard text"), which an evdev
 * device cannot carry. read() returns UTF-8 text, whole characters only;
 * poll() says when there is some. Code points wait in a bounded queue; what
 * does not fit is dropped and counted (sysfs: dropped), never blocking the
 * channel. Userspace (synth2d-typist) types the text into the session.
 */
#include <linux/fs.h>
#include <linux/kfifo.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "synth2d_input.h"

/* Code points queued; a long clipboard paste arrives far slower than read. */
#define SYNTH2D_UNICODE_QUEUE	4096
/* Bytes encoded per copy to userspace. */
#define SYNTH2D_UNICODE_CHUNK	256

static DEFINE_SPINLOCK(synth2d_unicode_lock);	/* the queue's producer side */
static DEFINE_MUTEX(synth2d_unicode_read_lock);	/* one reader at a time */
static DECLARE_KFIFO(synth2d_unicode_fifo, u32, SYNTH2D_UNICODE_QUEUE);
static DECLARE_WAIT_QUEUE_HEAD(synth2d_unicode_wait);
static atomic_t synth2d_unicode_dropped = ATOMIC_INIT(0);
static atomic_t synth2d_unicode_received = ATOMIC_INIT(0);

/**
 * synth2d_unicode_push() - queue code points for readers (atomic context)
 * @codepoints: Unicode scalar values or U+FFFD
 * @count: how many
 */
void synth2d_unicode_push(const u32 *codepoints, unsigned int count)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&synth2d_unicode_lock, flags);
	for (i = 0; i < count; i++) {
		atomic_inc(&synth2d_unicode_received);
		if (!kfifo_put(&synth2d_unicode_fifo, codepoints[i]))
			atomic_inc(&synth2d_unicode_dropped);
	}
	spin_unlock_irqrestore(&synth2d_unicode_lock, flags);
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

/* Encode queued characters while they fit in @room bytes of @buf. */
static size_t synth2d_unicode_take(u8 *buf, size_t room)
{
	u8 one[4];
	size_t len = 0;
	unsigned int n;
	u32 cp;

	while (kfifo_peek(&synth2d_unicode_fifo, &cp)) {
		n = synth2d_utf8_encode(cp, one);
		if (n > room - len)
			break;
		memcpy(buf + len, one, n);
		len += n;
		kfifo_skip(&synth2d_unicode_fifo);
	}
	return len;
}

static ssize_t synth2d_unicode_read(struct file *file, char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	u8 buf[SYNTH2D_UNICODE_CHUNK];
	size_t len;
	int ret;

	if (count < 4)
		return -EINVAL;	/* room for one character at least */

	if (mutex_lock_interruptible(&synth2d_unicode_read_lock))
		return -ERESTARTSYS;
	while (kfifo_is_empty(&synth2d_unicode_fifo)) {
		mutex_unlock(&synth2d_unicode_read_lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(synth2d_unicode_wait,
					       !kfifo_is_empty(&synth2d_unicode_fifo));
		if (ret)
			return ret;
		if (mutex_lock_interruptible(&synth2d_unicode_read_lock))
			return -ERESTARTSYS;
	}
	len = synth2d_unicode_take(buf, min(count, sizeof(buf)));
	mutex_unlock(&synth2d_unicode_read_lock);

	if (copy_to_user(ubuf, buf, len))
		return -EFAULT;
	return len;
}

static __poll_t synth2d_unicode_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &synth2d_unicode_wait, wait);
	return kfifo_is_empty(&synth2d_unicode_fifo) ? 0 : EPOLLIN | EPOLLRDNORM;
}

static ssize_t dropped_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&synth2d_unicode_dropped));
}
static DEVICE_ATTR_RO(dropped);

static ssize_t received_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&synth2d_unicode_received));
}
static DEVICE_ATTR_RO(received);

static ssize_t queued_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%u\n", kfifo_len(&synth2d_unicode_fifo));
}
static DEVICE_ATTR_RO(queued);

static struct attribute *synth2d_unicode_attrs[] = {
	&dev_attr_dropped.attr,
	&dev_attr_received.attr,
	&dev_attr_queued.attr,
	NULL
};
ATTRIBUTE_GROUPS(synth2d_unicode);

static const struct file_operations synth2d_unicode_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
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
